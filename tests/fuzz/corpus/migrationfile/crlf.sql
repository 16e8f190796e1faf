-- crlf
--
-- Revision ID: b1
-- Revises: aaa

-- migrate:upgrade
SELECT 1;
-- migrate:downgrade
SELECT 2;
