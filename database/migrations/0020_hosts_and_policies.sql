-- Virtual hosts with their capacity, approval policies, and what a request
-- keeps of the policy that routed it.

-- A registered virtual host: its capacity and how far CPU and RAM may be
-- overcommitted (a ratio from 1.00 to 10.00). Disk is never overcommitted.
-- A retired host stays for the record but is no longer registered: its
-- name may be registered again, and requests on it get no capacity check.
CREATE TABLE virtual_hosts (
    id                bigserial PRIMARY KEY,
    name              text         NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    physical_location text         NOT NULL CHECK (length(physical_location) BETWEEN 1 AND 200),
    cpu_cores         integer      NOT NULL CHECK (cpu_cores BETWEEN 1 AND 1000000),
    ram_gb            integer      NOT NULL CHECK (ram_gb BETWEEN 1 AND 100000000),
    disk_gb           integer      NOT NULL CHECK (disk_gb BETWEEN 1 AND 100000000),
    cpu_overcommit    numeric(4,2) NOT NULL DEFAULT 1 CHECK (cpu_overcommit BETWEEN 1 AND 10),
    ram_overcommit    numeric(4,2) NOT NULL DEFAULT 1 CHECK (ram_overcommit BETWEEN 1 AND 10),
    retired_at        timestamptz,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    updated_at        timestamptz  NOT NULL DEFAULT now()
);
-- Names are unique, ignoring case, among the hosts still registered.
CREATE UNIQUE INDEX virtual_hosts_name_key ON virtual_hosts (lower(name)) WHERE retired_at IS NULL;

-- A host's allocation is the sum over its Approved and Active requests:
-- this index answers it for one host (or every host of /hosts) without
-- reading the table (index-only, the sizes are included).
CREATE INDEX vm_requests_host_allocation_idx ON vm_requests (lower(virtual_host), status)
    INCLUDE (cpus, ram_gb, disk_gb);

-- Approval policies, evaluated in position order on submit; the first
-- whose conditions all hold (NULL or '' = any) decides the route.
CREATE TABLE approval_policies (
    id                bigserial PRIMARY KEY,
    name              text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position          integer     NOT NULL CHECK (position >= 1),
    max_cpus          integer     CHECK (max_cpus BETWEEN 1 AND 128),
    max_ram_gb        integer     CHECK (max_ram_gb BETWEEN 1 AND 4096),
    max_disk_gb       integer     CHECK (max_disk_gb BETWEEN 1 AND 65536),
    physical_location text        NOT NULL DEFAULT '' CHECK (length(physical_location) <= 200),
    requester_role    text        NOT NULL DEFAULT '' CHECK (requester_role IN ('', 'user', 'admin')),
    action            text        NOT NULL CHECK (action IN ('auto_approve', 'two_approvals')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX approval_policies_name_key ON approval_policies (lower(name));
CREATE INDEX approval_policies_position_idx ON approval_policies (position, id);

-- What a request keeps of its route: the policy that matched when it was
-- submitted (or last edited while Pending), how many admin approvals it
-- needs and has, and the policy's note when it could not act (an
-- auto-approval refused for capacity). Existing requests matched none.
ALTER TABLE vm_requests
    ADD COLUMN approval_policy    text     NOT NULL DEFAULT '' CHECK (length(approval_policy) <= 100),
    ADD COLUMN approvals_required smallint NOT NULL DEFAULT 1 CHECK (approvals_required IN (1, 2)),
    ADD COLUMN approvals          smallint NOT NULL DEFAULT 0 CHECK (approvals BETWEEN 0 AND 2),
    ADD COLUMN policy_note        text     NOT NULL DEFAULT '' CHECK (length(policy_note) <= 2000);
