package org.frontline.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook address classifier, without Quarkus: literal addresses only (no DNS needed). */
class WebhookAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "100.127.255.255", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "::ffff:127.0.0.1"})
    void internalAddressesArePrivate(String literal) throws Exception {
        assertThat(WebhookAddresses.isPrivate(InetAddress.getByName(literal))).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "169.253.1.1",
            "100.63.255.255", "100.128.0.1", "11.0.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void publicAddressesAreNot(String literal) throws Exception {
        assertThat(WebhookAddresses.isPrivate(InetAddress.getByName(literal))).as(literal).isFalse();
    }

    @Test
    void aUrlIsRefusedByTheAddressItsHostResolvesTo() {
        assertThat(WebhookAddresses.refusal("http://169.254.169.254/latest/meta-data/", false))
                .isEqualTo(WebhookAddresses.REFUSED);
        assertThat(WebhookAddresses.refusal("http://10.0.0.1:8080/hook", false)).isEqualTo(WebhookAddresses.REFUSED);
        assertThat(WebhookAddresses.refusal("http://[::1]:8080/hook", false)).isEqualTo(WebhookAddresses.REFUSED);
        assertThat(WebhookAddresses.refusal("http://localhost:8080/hook", false)).isEqualTo(WebhookAddresses.REFUSED);
        assertThat(WebhookAddresses.refusal("https://8.8.8.8/hook", false)).isNull();
        // the flag lets them through (tests and the local run, whose receivers listen on 127.0.0.1)
        assertThat(WebhookAddresses.refusal("http://10.0.0.1:8080/hook", true)).isNull();
    }
}
