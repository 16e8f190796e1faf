SELECT $$ a; b $$;
SELECT $outer$ x; $inner$ y; $inner$ z; $outer$ AS nested;
SELECT E'a\';b';
