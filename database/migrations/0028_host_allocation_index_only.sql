-- The host allocation index (0020) was meant to answer a host's sum over
-- its Approved and Active requests from the index alone, but PostgreSQL
-- plans an index-only scan only when every column the query names is in
-- the index as itself. An index on lower(virtual_host) holds neither
-- virtual_host nor the id that the detail page and the capacity check
-- leave out (x.id <> the request), so each sum read the table: for a
-- host with 2,800 such requests among 100,000, a bitmap heap scan of
-- 2,000 pages, 12–30 ms per sum (every detail page of a request on a
-- registered host, each host of /hosts and of an admin's dashboard,
-- every approval's capacity check). With both columns included it is an
-- index-only scan, 0.5 ms.
DROP INDEX vm_requests_host_allocation_idx;
CREATE INDEX vm_requests_host_allocation_idx ON vm_requests (lower(virtual_host), status)
    INCLUDE (cpus, ram_gb, disk_gb, virtual_host, id);
