-- Add project code
--
-- Revision ID: add_project_code
-- Revises: fee4cd54bd38
-- Create Date: 2024-12-03 09:15:00.000000
-- Depends On: add_auth_tables

-- migrate:upgrade
-- The unique key covers projects.user_id, a column that add_auth_tables creates.
ALTER TABLE projects ADD COLUMN project_code varchar(64);
ALTER TABLE projects ADD CONSTRAINT uq_projects_user_id_project_code UNIQUE (user_id, project_code);

-- migrate:downgrade
ALTER TABLE projects DROP CONSTRAINT uq_projects_user_id_project_code;
ALTER TABLE projects DROP COLUMN project_code;

-- migrate:upgrade:sqlite
-- SQLite has no ALTER TABLE ... ADD CONSTRAINT; a unique index enforces the same
-- rule (NULLs are distinct in both, as in PostgreSQL's default).
ALTER TABLE projects ADD COLUMN project_code VARCHAR(64);
CREATE UNIQUE INDEX uq_projects_user_id_project_code ON projects (user_id, project_code);

-- migrate:downgrade:sqlite
-- The unique index goes first: SQLite cannot DROP COLUMN an indexed column.
DROP INDEX uq_projects_user_id_project_code;
ALTER TABLE projects DROP COLUMN project_code;
