package org.iomodels.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RobotsTest {
    @Test
    void theGroupNamingUsWinsOverTheStarGroup() {
        String txt = "User-agent: *\nDisallow: /\n\nUser-agent: iomodels\nUser-agent: other\nDisallow: /private\nCrawl-delay: 0.5\n";
        Robots r = Robots.parse(txt, "iomodels/1.0");
        assertTrue(r.allows("/public"));
        assertFalse(r.allows("/private/x"));
        assertEquals(0.5, r.crawlDelaySeconds());
        Robots stranger = Robots.parse(txt, "somebot");
        assertFalse(stranger.allows("/public"));
        assertTrue(stranger.allows("/robots.txt"), "robots.txt itself is always allowed");
    }

    @Test
    void longestMatchWinsAndAllowWinsATie() {
        Robots r = Robots.parse("user-agent: *\ndisallow: /shop\nallow: /shop/cart\nallow: /tie\ndisallow: /tie\n", "iomodels");
        assertFalse(r.allows("/shop/item"));
        assertTrue(r.allows("/shop/cart/1"));
        assertTrue(r.allows("/tie"));
        assertTrue(r.allows("/other"));
    }

    @Test
    void wildcardsAndTheEndAnchor() {
        Robots r = Robots.parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/x\nDisallow:\n# a comment\nDisallow: /q?*secret # trailing comment\n", "iomodels");
        assertFalse(r.allows("/docs/a.pdf"));
        assertTrue(r.allows("/docs/a.pdf?download=1"));
        assertFalse(r.allows("/tmp123/x/y"));
        assertFalse(r.allows("/q?a=1&secret=2"));
        assertTrue(r.allows("/q?a=1"));
        String longPath = "/a" + "x".repeat(10_000) + "b";
        assertFalse(Robots.matches("/a*b*c*d*e*f*g*h", longPath), "no match, found without trying every split (backtracking would take ages)");
        assertTrue(Robots.matches("/a*x*b$", longPath));
    }

    @Test
    void nothingSaidIsAllowed() {
        assertTrue(Robots.parse("", "iomodels").allows("/x"));
        assertTrue(Robots.parse("garbage\nno colon here\n:\n", "iomodels").allows("/x"));
        assertTrue(Robots.ALLOW_ALL.allows("/anything"));
    }
}
