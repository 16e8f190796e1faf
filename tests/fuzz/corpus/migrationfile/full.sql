-- Add authentication tables
--
-- Revision ID: add_auth_tables
-- Revises: fee4cd54bd38, other1
-- Create Date: 2024-12-02 12:00:00.000000
-- Branch Labels: auth
-- Depends On: 1a2b3c4d5e6f
-- Transactional: false

-- migrate:upgrade
CREATE TABLE users (id int PRIMARY KEY, name text DEFAULT 'it''s');

-- migrate:downgrade
DROP TABLE users;

-- migrate:upgrade:sqlite
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);

-- migrate:downgrade:postgresql
DROP TABLE users CASCADE;
