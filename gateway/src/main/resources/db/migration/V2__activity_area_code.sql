-- An event may be about a wider area than a community (a district depot, a district-wide alert): its subject is
-- then that area's code prefix (2, 4, 6 or 9 digits), and it counts for the area itself.
alter table community_activity rename column community_code to area_code;
