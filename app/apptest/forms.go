package apptest

import (
	"net/http"
	"net/url"
	"strconv"
)

// RequestForm is a request form for a VM named name that passes every
// rule, as the browser posts it to /vms/new.
func RequestForm(name string) url.Values {
	return url.Values{
		"vm_name": {name}, "request_date": {"2026-11-20"}, "cpus": {"4"}, "ram_gb": {"16"}, "disk_gb": {"200"},
		"physical_location": {"DC1"}, "virtual_host": {"esx-01"}, "operating_system": {"Debian 12"},
		"requestor_name": {"Ada Lovelace"}, "requestor_email": {"ada@example.com"},
		"primary_admin_name": {"Grace Hopper"}, "primary_admin_email": {"grace@example.com"},
		"secondary_admin_name": {""}, "secondary_admin_email": {""},
		"backup_required": {"Yes"}, "backup_frequency": {"Weekly"},
		"vlan_id": {"10", "20"}, "vlan_name": {"web", ""},
		"notes": {"first line\nsecond line"},
	}
}

// SubmitRequest posts RequestForm(name) as c and returns the new
// request's detail path; the test fails unless the app redirects there.
func (c *Client) SubmitRequest(name string) string {
	c.t.Helper()
	return c.postExpectingRedirect("/vms/new", RequestForm(name))
}

// EditRequest posts the edit form of the request at path (named name,
// loaded at version) with the fields in changes replaced; the test fails
// unless the app accepts it.
func (c *Client) EditRequest(path, name string, version int, changes map[string]string) {
	c.t.Helper()
	form := RequestForm(name)
	form.Set("version", strconv.Itoa(version))
	for k, v := range changes {
		form.Set(k, v)
	}
	c.postExpectingRedirect(path+"/edit", form)
}

// DecideRequest posts an admin's decision ("approve", "reject" with a
// reason, "activate") on the request at path, loaded at version; the test
// fails unless the app accepts it.
func (c *Client) DecideRequest(path, decision string, version int, reason string) {
	c.t.Helper()
	c.postExpectingRedirect(path+"/"+decision, url.Values{"version": {strconv.Itoa(version)}, "reason": {reason}})
}

func (c *Client) postExpectingRedirect(path string, form url.Values) string {
	c.t.Helper()
	r := c.PostForm(path, form)
	if r.Status != http.StatusSeeOther {
		c.t.Fatalf("POST %s: %d, want 303\n%s", path, r.Status, r.Body)
	}
	return r.Location
}
