-- lead; comment
INSERT INTO t VALUES ('a;b', "c;d"); /* after; */
/* before;
 */ SELECT 1 -- x;
;
-- trailing
