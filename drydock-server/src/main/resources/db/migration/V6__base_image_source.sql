-- How image.base_digest became known: 'declared' (the org.opencontainers.image.base.digest annotation or
-- label) or 'layers' (the longest stored image whose layers are a prefix of this one's). A declaration is
-- never replaced by an inference.
ALTER TABLE image ADD COLUMN base_source TEXT;
UPDATE image SET base_source = 'declared' WHERE base_digest IS NOT NULL;
