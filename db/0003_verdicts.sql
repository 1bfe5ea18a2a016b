-- 0003: fact-checkers' ratings of claims.
CREATE TABLE verdicts (
    verdict_id  BIGINT PRIMARY KEY,
    claim_id    BIGINT NOT NULL,
    rating      VARCHAR NOT NULL,
    note        VARCHAR,
    reviewer    VARCHAR,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
