/** Pieces shared by the readers of bulk vulnerability feeds (NVD, CISA KEV, FIRST EPSS). */
package dev.drydock.vulndb.feed;
