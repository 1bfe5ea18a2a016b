-- 0004: fact-checkers' speaker name corrections ("Poland's foreign minister" is
-- "Katarzyna Wrobel"), applied to stored claims and to every later ingest.
CREATE TABLE speaker_names (
    alias       VARCHAR PRIMARY KEY,
    speaker     VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
