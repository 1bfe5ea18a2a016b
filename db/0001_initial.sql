-- 0001: the first schema: documents, claims, topics, claim pairs and party aliases.
-- Character offsets (start_char/end_char, speaker_*, cue_*) point into documents.text:
--   claims.text = substr(documents.text, start_char + 1, end_char - start_char)

CREATE TABLE documents (
    doc_id        BIGINT PRIMARY KEY,
    url           VARCHAR,
    outlet        VARCHAR,
    published     DATE,
    title         VARCHAR,
    path          VARCHAR,
    content_hash  VARCHAR NOT NULL UNIQUE,
    ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    text          VARCHAR NOT NULL
);

CREATE TABLE topics (
    topic_id    BIGINT PRIMARY KEY,
    label       VARCHAR NOT NULL,
    n_claims    INTEGER NOT NULL DEFAULT 0,
    centroid    FLOAT[384],
    entities    VARCHAR[],
    first_date  DATE,
    last_date   DATE,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE claims (
    claim_id         BIGINT PRIMARY KEY,
    doc_id           BIGINT NOT NULL,
    speaker          VARCHAR,
    party            VARCHAR,
    cue              VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    text             VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL,
    end_char         INTEGER NOT NULL,
    speaker_start    INTEGER,
    speaker_end      INTEGER,
    cue_start        INTEGER,
    cue_end          INTEGER,
    topic_id         BIGINT,
    text_hash        VARCHAR NOT NULL,
    embedding        FLOAT[384],
    embedding_model  VARCHAR
);

CREATE INDEX claims_doc ON claims (doc_id);
CREATE INDEX claims_topic ON claims (topic_id);
CREATE INDEX claims_text_hash ON claims (text_hash);

CREATE TABLE claim_pairs (
    claim_a   BIGINT NOT NULL,
    claim_b   BIGINT NOT NULL,
    relation  VARCHAR NOT NULL CHECK (relation IN ('contradiction', 'agreement')),
    score     DOUBLE NOT NULL CHECK (score >= 0 AND score <= 1),
    reason    VARCHAR NOT NULL,
    PRIMARY KEY (claim_a, claim_b)
);

-- User corrections: a speaker name (case-insensitive) always speaks for this party.
CREATE TABLE parties (
    alias       VARCHAR PRIMARY KEY,
    party       VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
