/**
 * The crawler's parts that know nothing of sockets: URLs normalised so each page is fetched once
 * ({@code Urls}), the links of a page ({@code Links}), and what a site's robots.txt allows
 * ({@code Robots}). The crawl itself (issue 15) builds on these.
 */
package org.iomodels.crawl;
