package org.frontline.alert.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where a webhook may point (README "Notifications", addresses). Unless {@code alert.notify.allow-private-addresses}
 * is set, a webhook must resolve to public addresses only: not loopback (127/8, ::1), link-local (169.254/16 — the
 * cloud metadata service at 169.254.169.254 —, fe80::/10), private (10/8, 172.16/12, 192.168/16, fc00::/7),
 * carrier-grade NAT (100.64/10, often a cluster's pod or service network), the unspecified address, 0/8, multicast or
 * broadcast. Checked when a subscription is created or changed, and again before every send against the address
 * the host resolves to then (a name that resolved to a public address at create may later resolve to an internal one).
 */
public final class WebhookAddresses {

    /** The coarse error of a send refused by this check (the delivery log shows it; nothing more). */
    public static final String REFUSED = "refused: private address";

    private WebhookAddresses() {
    }

    /** True for an address a webhook must not reach (see the class comment). */
    public static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 unique local; an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible address by its IPv4 part
            if ((b[0] & 0xFE) == 0xFC) {
                return true;
            }
            boolean zeros = true;
            for (int i = 0; i < 10; i++) {
                zeros &= b[i] == 0;
            }
            if (zeros && ((b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 0 // "this network"
                    || first == 10 || first == 127
                    || (first == 100 && second >= 64 && second <= 127) // 100.64/10 carrier-grade NAT
                    || (first == 169 && second == 254)
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || first >= 240; // reserved and 255.255.255.255
        }
        return true;
    }

    /**
     * Null when {@code url}'s host may be reached, else why not (coarse: "does not resolve", {@link #REFUSED}). Every
     * address the host resolves to must be public: the HTTP client may connect to any of them.
     */
    public static String refusal(String url, boolean allowPrivate) {
        if (allowPrivate) {
            return null;
        }
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "not a URL";
        }
        if (host == null) {
            return "not a URL";
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return "does not resolve";
        }
        for (InetAddress a : addresses) {
            if (isPrivate(a)) {
                return REFUSED;
            }
        }
        return null;
    }
}
