package org.frontline.alert.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** {@link CapDocuments#xmlSafe}: every character XML 1.0 forbids becomes U+FFFD; everything else stays. */
class CapDocumentsTest {

    @Test
    void charactersXmlForbidsAreReplaced() throws Exception {
        String bad = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j\uDC00k";
        String safe = CapDocuments.xmlSafe(bad);
        assertThat(safe).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh\uFFFDi\uFFFDj\uFFFDk");
        // tab, LF, CR, a surrogate pair (an emoji), CJK and U+FFFD itself are allowed and stay as they are
        String fine = "tab\there\nline\r中文 \uD83D\uDE00 \uFFFD \uFFFD";
        assertThat(CapDocuments.xmlSafe(fine)).isSameAs(fine);
        // a high surrogate at the very end is lone too
        assertThat(CapDocuments.xmlSafe("end\uD83D")).isEqualTo("end\uFFFD");
        assertThat(CapDocuments.xmlSafe(null)).isEmpty();
        // and the result parses as XML text
        String xml = "<t>" + safe.replace("&", "&amp;").replace("<", "&lt;") + "</t>";
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml))).getDocumentElement().getTextContent()).isEqualTo(safe);
    }
}
