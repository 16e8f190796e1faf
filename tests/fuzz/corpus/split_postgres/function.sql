CREATE FUNCTION f() RETURNS int AS $body$
BEGIN
  -- a comment; with a semicolon
  RETURN 1; /* nested /* comment */ */
END
$body$ LANGUAGE plpgsql;

