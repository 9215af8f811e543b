package models

// Who may do what with a request (the decisions have their own table in
// vm_request_workflow.go). Pages and any other front end ask these, so the
// rules live in one place.

// CanView reports whether u may see r: admins see every request, users
// their own.
func CanView(u *User, r *VMRequest) bool {
	return u.IsAdmin() || (u != nil && u.ID != 0 && r.CreatedByID == u.ID)
}

// CanEdit reports whether u may change r's details: admins any request in
// any status, users their own while it is Pending.
func CanEdit(u *User, r *VMRequest) bool {
	return u.IsAdmin() || (CanView(u, r) && r.Status == StatusPending)
}

// CanComment reports whether u may comment on r: whoever may see it, i.e.
// its owner and the admins.
func CanComment(u *User, r *VMRequest) bool { return CanView(u, r) }

// CanRestore reports whether u may restore an earlier version of r: a
// restore is an edit, so the edit rule applies.
func CanRestore(u *User, r *VMRequest) bool { return CanEdit(u, r) }
