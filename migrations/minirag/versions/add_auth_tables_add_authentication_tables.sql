-- Add authentication tables
--
-- Revision ID: add_auth_tables
-- Revises: fee4cd54bd38
-- Create Date: 2024-12-02 12:00:00.000000

-- migrate:upgrade
CREATE TABLE users (
    id serial PRIMARY KEY,
    email varchar(255) NOT NULL UNIQUE,
    hashed_password varchar(255) NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE query_logs (
    id serial PRIMARY KEY,
    user_id integer REFERENCES users (id),
    project_id integer REFERENCES projects (project_id),
    query text NOT NULL,
    response text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_query_logs_user_id ON query_logs (user_id);

ALTER TABLE projects ADD COLUMN user_id integer REFERENCES users (id);

-- migrate:downgrade
-- Runs as is on SQLite too (3.35+): DROP COLUMN removes a column whose only
-- constraint is its own REFERENCES clause, as long as no index covers it
-- (add_project_code's unique index on it is dropped with that revision).
ALTER TABLE projects DROP COLUMN user_id;
DROP INDEX ix_query_logs_user_id;
DROP TABLE query_logs;
DROP TABLE users;

-- migrate:upgrade:sqlite
-- SQLite has no serial, timestamptz or now(); booleans are integers 0/1.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email VARCHAR(255) NOT NULL UNIQUE,
    hashed_password VARCHAR(255) NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE query_logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES users (id),
    project_id INTEGER REFERENCES projects (project_id),
    query TEXT NOT NULL,
    response TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_query_logs_user_id ON query_logs (user_id);

-- Allowed with foreign_keys on because the new column's default is NULL.
ALTER TABLE projects ADD COLUMN user_id INTEGER REFERENCES users (id);
