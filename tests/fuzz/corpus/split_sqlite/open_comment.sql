CREATE TABLE a (x int);
/* oops
CREATE TABLE b (y int);
