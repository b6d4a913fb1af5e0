-- Screenings newest first across communities (a district's or the city's list, paged by key):
-- the community index (community_code, screened_at desc, id desc) serves one community's list; a prefix of many
-- communities reads this one in order and stops after a page.
create index screening_record_recent on screening_record (screened_at desc, id desc);

-- Test results likewise (newest sample first, ties by id); the community index gains the id so one community's
-- list is read in order too.
create index test_result_recent on test_result (sampled_at desc, id desc);
create index test_result_community_page on test_result (community_code, sampled_at desc, id desc);
drop index test_result_community;
