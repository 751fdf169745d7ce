package org.iomodels.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A site's {@code robots.txt} as RFC 9309 reads it, for one crawler: the groups whose
 * {@code user-agent} names the crawler's product token (else the {@code *} groups), and within
 * them the longest {@code allow}/{@code disallow} pattern that matches a path wins, {@code allow}
 * on a tie; {@code *} matches any run of characters and a final {@code $} the end. No rule that
 * matches: allowed. {@code crawl-delay} (not in the RFC, widely used) is kept in seconds.
 */
public final class Robots {
    /** Everything allowed: a site with no robots.txt (404), or with one that says nothing to us. */
    public static final Robots ALLOW_ALL = new Robots(List.of(), Double.NaN);

    private record Rule(String pattern, boolean allow) {}

    private final List<Rule> rules;
    private final double crawlDelaySeconds;

    private Robots(List<Rule> rules, double crawlDelaySeconds) {
        this.rules = rules;
        this.crawlDelaySeconds = crawlDelaySeconds;
    }

    /** What {@code text} says to the crawler named {@code productToken} (compared ignoring case). */
    public static Robots parse(String text, String productToken) {
        String me = productToken.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>();
        List<Rule> anyone = new ArrayList<>();
        double myDelay = Double.NaN;
        double anyDelay = Double.NaN;
        boolean groupIsMine = false;
        boolean groupIsAnyone = false;
        boolean inAgents = false; // reading a group's user-agent lines: another one adds to the group
        boolean sawMine = false;
        for (String raw : text.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (!inAgents) {
                    groupIsMine = false;
                    groupIsAnyone = false;
                    inAgents = true;
                }
                String agent = value.toLowerCase(Locale.ROOT);
                if (agent.equals("*")) {
                    groupIsAnyone = true;
                } else if (!agent.isEmpty() && me.startsWith(agent.split("/")[0])) {
                    groupIsMine = true;
                    sawMine = true;
                }
                continue;
            }
            inAgents = false;
            boolean allow = key.equals("allow");
            if (allow || key.equals("disallow")) {
                if (value.isEmpty()) {
                    continue; // "disallow:" with nothing: allows everything, which is the default
                }
                Rule r = new Rule(value, allow);
                if (groupIsMine) {
                    mine.add(r);
                }
                if (groupIsAnyone) {
                    anyone.add(r);
                }
            } else if (key.equals("crawl-delay")) {
                double d = seconds(value);
                if (groupIsMine) {
                    myDelay = d;
                }
                if (groupIsAnyone) {
                    anyDelay = d;
                }
            }
        }
        return sawMine ? new Robots(List.copyOf(mine), myDelay) : new Robots(List.copyOf(anyone), anyDelay);
    }

    private static double seconds(String value) {
        try {
            double d = Double.parseDouble(value);
            return d >= 0 && Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Whether the crawler may fetch {@code pathAndQuery} (as on the request line, from {@code /}). */
    public boolean allows(String pathAndQuery) {
        if (pathAndQuery.equals("/robots.txt")) {
            return true;
        }
        Rule best = null;
        for (Rule r : rules) {
            if (matches(r.pattern, pathAndQuery)
                    && (best == null || r.pattern.length() > best.pattern.length()
                            || r.pattern.length() == best.pattern.length() && r.allow)) {
                best = r;
            }
        }
        return best == null || best.allow;
    }

    /** Seconds the site asks between two requests, or NaN if it does not say. */
    public double crawlDelaySeconds() {
        return crawlDelaySeconds;
    }

    /**
     * A pattern with {@code *} (any run) and a final {@code $} (the end) against {@code path},
     * from its start: the classic wildcard match with one backtracking point, O(pattern × path),
     * so no robots.txt can make it slow.
     */
    static boolean matches(String pattern, String path) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern + "*"; // unanchored: a prefix
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < path.length()) {
            if (pi < p.length() && p.charAt(pi) != '*' && p.charAt(pi) == path.charAt(si)) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
