-- 0002: disputed points (issues) inside topics, and appearances of a claim across outlets.
-- DuckDB cannot alter a table that has secondary indexes, and (1.5.5) aborts when they are
-- dropped and re-created around an ALTER in one transaction. They are dropped for good:
-- DuckDB's min/max zone maps serve these lookups well enough.

DROP INDEX claims_doc;
DROP INDEX claims_topic;
DROP INDEX claims_text_hash;

ALTER TABLE claims ADD COLUMN issue_id BIGINT;

CREATE TABLE issues (
    issue_id   BIGINT PRIMARY KEY,
    topic_id   BIGINT NOT NULL,
    label      VARCHAR NOT NULL,
    n_claims   INTEGER NOT NULL DEFAULT 0
);

-- Every place a claim was published. The same claim relayed by several outlets is one
-- claim with several appearances; claims.doc_id and offsets point at the first one.
CREATE TABLE appearances (
    claim_id    BIGINT NOT NULL,
    doc_id      BIGINT NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    outlet      VARCHAR,
    published   DATE,
    url         VARCHAR,
    PRIMARY KEY (claim_id, doc_id, start_char)
);

-- Backfill: each existing claim appears once, where it was extracted.
INSERT INTO appearances (claim_id, doc_id, start_char, end_char, outlet, published, url)
SELECT c.claim_id, c.doc_id, c.start_char, c.end_char, d.outlet, d.published, d.url
FROM claims c JOIN documents d USING (doc_id);
