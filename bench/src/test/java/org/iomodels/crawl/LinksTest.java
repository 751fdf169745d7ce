package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {
    private static List<String> links(String html) {
        return Links.extract(html, URI.create("http://site.test/dir/index.html")).stream().map(URI::toString).toList();
    }

    @Test
    void hrefAndSrcInEveryQuotingEachOnceInOrder() {
        assertEquals(List.of("http://site.test/dir/a", "http://site.test/b.png", "http://other.test/c", "http://site.test/dir/d?x=1&y=2"),
                links("<p><A HREF=\"a\">a</A> <img src='/b.png'> <a href=http://other.test/c>c</a>"
                        + " <a href=\"a#frag\">again</a> <a\n  class=x  href = \"d?x=1&amp;y=2\" >d</a>"));
    }

    @Test
    void commentsScriptsAndOtherSchemesAreSkipped() {
        assertEquals(List.of("http://site.test/dir/kept"),
                links("<!-- <a href=\"commented\"> --><script>var s = '<a href=\"in-script\">';</script>"
                        + "<style>a[href=\"x\"] {}</style><a href=\"mailto:x@y\"><a href=\"#top\"><a href=\"kept\">"));
    }

    @Test
    void baseHrefChangesWhatRelativeLinksMean() {
        assertEquals(List.of("http://cdn.test/assets/x.js"), links("<base href=\"http://cdn.test/assets/\"><script src=\"x.js\"></script>"));
    }

    @Test
    void brokenMarkupNeverThrows() {
        for (String html : new String[] {"<", "<a", "<a href", "<a href=", "<a href=\"unterminated", "<<>><a href='x'", "<!-- open", "<script>"}) {
            links(html);
        }
        assertEquals(List.of("http://site.test/dir/x"), links("<<>><a href='x'"));
    }
}
