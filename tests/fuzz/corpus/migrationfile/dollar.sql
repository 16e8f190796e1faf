-- Function with a body
--
-- Revision ID: fn1
-- Revises: aaa

-- migrate:upgrade:postgresql
CREATE FUNCTION f() RETURNS int AS $body$
BEGIN
  -- a comment; with a semicolon
  RETURN 1; /* nested /* comment */ */
END
$body$ LANGUAGE plpgsql;

-- migrate:downgrade
DROP FUNCTION f();
