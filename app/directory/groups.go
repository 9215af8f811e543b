package directory

import (
	"errors"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

// isMember reports whether entry belongs to the group groupDN: listed in
// the person's memberOf (Active Directory, OpenLDAP's memberof overlay), or
// in the group entry's member (groupOfNames, AD groups) or uniqueMember
// (groupOfUniqueNames) attribute. The server compares the DNs, so case and
// spacing differences do not matter.
func (c *Client) isMember(conn *ldap.Conn, entry *ldap.Entry, groupDN string) (bool, error) {
	want, err := ldap.ParseDN(groupDN)
	if err == nil {
		for _, v := range entry.GetEqualFoldAttributeValues("memberOf") {
			if got, err := ldap.ParseDN(v); err == nil && got.EqualFold(want) {
				return true, nil
			}
		}
	}
	dn := ldap.EscapeFilter(entry.DN)
	req := ldap.NewSearchRequest(groupDN, ldap.ScopeBaseObject, ldap.NeverDerefAliases, 1, 0, true,
		"(|(member="+dn+")(uniqueMember="+dn+"))", []string{"1.1"}, nil)
	res, err := conn.Search(req)
	if ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) {
		// A group DN that does not exist has no members; the setting is
		// wrong, which the reason in the audit row shows admins.
		return false, &UnavailableError{Err: errors.New("group " + groupDN + " does not exist")}
	}
	if err != nil {
		return false, unavailable("group search", err)
	}
	return len(res.Entries) == 1, nil
}

// unavailable wraps a failed directory operation.
func unavailable(what string, err error) error {
	return &UnavailableError{Err: errors.New(what + ": " + strings.TrimPrefix(err.Error(), "LDAP Result Code "))}
}
