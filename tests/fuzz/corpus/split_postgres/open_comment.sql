CREATE TABLE a (id int);
/* open /* nested */ still open;
SELECT 1;
