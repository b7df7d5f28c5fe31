-- arx's own tables, version 1: administrative configuration and its audit trail.

-- Configuration values set by an admin. company_id 0 holds the default for all
-- companies; a company's own row overrides it. Keys and their types live in
-- the plugin (plugin/config/registry.cpp); unset keys take the built-in default.
CREATE TABLE arx_config (
  company_id BIGINT NOT NULL,
  config_key VARCHAR(100) NOT NULL,
  value      VARCHAR(4000) NOT NULL,
  updated_at @timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_by VARCHAR(200) NOT NULL,
  PRIMARY KEY (company_id, config_key)
);

-- Every change: who, when, the old and the new value (NULL = built-in default).
CREATE TABLE arx_config_audit (
  id         @identity_key,
  company_id BIGINT NOT NULL,
  config_key VARCHAR(100) NOT NULL,
  old_value  VARCHAR(4000),
  new_value  VARCHAR(4000),
  changed_by VARCHAR(200) NOT NULL,
  changed_at @timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  reason     VARCHAR(1000)
);
CREATE INDEX arx_config_audit_key ON arx_config_audit (company_id, config_key, id);
