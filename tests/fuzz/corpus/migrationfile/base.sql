-- base
--
-- Revision ID: aaa
-- Revises:

-- migrate:upgrade
SELECT 1;
