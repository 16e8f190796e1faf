CREATE TEMP TRIGGER audit AFTER INSERT ON a
BEGIN
    INSERT INTO log VALUES ('inserted; yes', "q;q", [b;b], `c;c`);
END;
EXPLAIN SELECT 1;

-- migrate:downgrade:sqlite
DROP TRIGGER audit;
