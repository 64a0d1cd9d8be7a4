-- Version 7: the registry connector. A registry's credentials are stored sealed (AES-256-GCM, see
-- dev.drydock.server.registry.SecretBox): 'v1:<key id>:<base64 of nonce and ciphertext>', never in plain
-- text; credentials_ref names the key that sealed them ('key:<key id>'), NULL for an anonymous registry.
ALTER TABLE registry ADD COLUMN credentials TEXT;
-- The outcome of the last discovery (JSON counts), and the last failure, which a success clears.
ALTER TABLE registry ADD COLUMN last_result TEXT;
ALTER TABLE registry ADD COLUMN last_error TEXT;
ALTER TABLE registry ADD COLUMN last_error_at BIGINT;
