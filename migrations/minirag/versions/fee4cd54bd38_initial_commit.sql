-- Initial Commit
--
-- Revision ID: fee4cd54bd38
-- Revises:
-- Create Date: 2024-11-18 10:24:51.201538

-- migrate:upgrade
CREATE TABLE projects (
    project_id serial PRIMARY KEY,
    project_uuid uuid NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE assets (
    asset_id serial PRIMARY KEY,
    asset_project_id integer NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    asset_type varchar NOT NULL,
    asset_name varchar NOT NULL,
    asset_size integer NOT NULL,
    asset_config jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);
CREATE INDEX ix_asset_project_id ON assets (asset_project_id);
CREATE INDEX ix_asset_type ON assets (asset_type);

CREATE TABLE chunks (
    chunk_id serial PRIMARY KEY,
    chunk_text text NOT NULL,
    chunk_metadata jsonb,
    chunk_order integer NOT NULL,
    chunk_project_id integer NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    chunk_asset_id integer NOT NULL REFERENCES assets (asset_id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);
CREATE INDEX ix_chunk_project_id ON chunks (chunk_project_id);
CREATE INDEX ix_chunk_asset_id ON chunks (chunk_asset_id);

-- migrate:downgrade
DROP INDEX ix_chunk_asset_id;
DROP INDEX ix_chunk_project_id;
DROP TABLE chunks;
DROP INDEX ix_asset_type;
DROP INDEX ix_asset_project_id;
DROP TABLE assets;
DROP TABLE projects;

-- migrate:upgrade:sqlite
-- SQLite has no serial, uuid, jsonb, timestamptz or now(): an INTEGER PRIMARY KEY
-- AUTOINCREMENT is the rowid, uuids and JSON are TEXT, timestamps default to
-- CURRENT_TIMESTAMP (UTC, 'YYYY-MM-DD HH:MM:SS').
CREATE TABLE projects (
    project_id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_uuid TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE assets (
    asset_id INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_project_id INTEGER NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    asset_type VARCHAR NOT NULL,
    asset_name VARCHAR NOT NULL,
    asset_size INTEGER NOT NULL,
    asset_config TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_asset_project_id ON assets (asset_project_id);
CREATE INDEX ix_asset_type ON assets (asset_type);

CREATE TABLE chunks (
    chunk_id INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_text TEXT NOT NULL,
    chunk_metadata TEXT,
    chunk_order INTEGER NOT NULL,
    chunk_project_id INTEGER NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
    chunk_asset_id INTEGER NOT NULL REFERENCES assets (asset_id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_chunk_project_id ON chunks (chunk_project_id);
CREATE INDEX ix_chunk_asset_id ON chunks (chunk_asset_id);
