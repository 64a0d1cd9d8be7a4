package dev.drydock.vulndb.kev;

/** CISA's {@code knownRansomwareCampaignUse}: "Known" or "Unknown"; anything else is read as UNKNOWN with a warning. */
public enum KevRansomwareUse {
    KNOWN,
    UNKNOWN
}
