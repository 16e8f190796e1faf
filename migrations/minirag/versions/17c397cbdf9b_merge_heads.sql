-- merge heads
--
-- Revision ID: 17c397cbdf9b
-- Revises: add_auth_tables, add_project_code
-- Create Date: 2024-12-05 16:42:07.318211

-- migrate:upgrade

-- migrate:downgrade
