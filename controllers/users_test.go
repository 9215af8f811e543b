package controllers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vmportal/app/apptest"
	"vmportal/i18n"
	"vmportal/models"
	"vmportal/views"
)

func userID(t *testing.T, env *apptest.Env, username string) int64 {
	t.Helper()
	u, err := models.FindUserByUsername(env.DB.Gorm, username)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAdminCreatesUserWithPasswordRules(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Admin()
	page := admin.Get("/users/new")
	for _, label := range []string{">Username<", ">Full Name<", ">Email<", ">Role<", ">Password<"} {
		if !strings.Contains(page.Body, label) {
			t.Errorf("New User form lacks %s", label)
		}
	}
	bad := url.Values{"username": {"frank"}, "full_name": {""}, "email": {"nope"}, "role": {"root"}, "password": {"frank"}}
	r := admin.PostForm("/users/new", bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid user: %d", r.Status)
	}
	for _, want := range []string{"Enter the Full Name.", "valid email", "Choose a role", "at least 10 characters", `value="frank"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	sameAsName := url.Values{"username": {"frank-lloyd"}, "full_name": {"F"}, "email": {"f@example.com"}, "role": {"user"}, "password": {"Frank-Lloyd"}}
	if r := admin.PostForm("/users/new", sameAsName); !strings.Contains(r.Body, "must not be the username") {
		t.Error("a password equal to the username was accepted")
	}
	good := url.Values{"username": {"frank"}, "full_name": {"Frank Lloyd"}, "email": {"frank@example.com"}, "role": {"user"}, "password": {"long-enough-pw"}}
	if r := admin.PostForm("/users/new", good); r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.Status, r.Body)
	}
	list := admin.Get("/users")
	if !strings.Contains(list.Body, "Frank Lloyd") || !strings.Contains(list.Body, "User frank created.") {
		t.Error("list does not show the new user")
	}
	if r := admin.PostForm("/users/new", good); !strings.Contains(r.Body, "already taken") {
		t.Error("duplicate username accepted")
	}
	if env.Client().Login("frank", "long-enough-pw").Status != http.StatusSeeOther {
		t.Error("the new user cannot log in")
	}
	if n := len(env.AuditEntries(models.ActionUserCreated)); n != 2 { // admin seed + frank
		t.Errorf("%d user.created rows, want 2", n)
	}
}

func TestAdminEditsDeactivatesAndResets(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("gina", models.RoleUser)
	id := userID(t, env, "gina")
	admin, gina := env.Client(), env.Client()
	admin.Login("admin", apptest.AdminPassword)
	gina.Login("gina", apptest.Password)

	r := admin.PostForm(fmt.Sprintf("/users/%d/edit", id), url.Values{"full_name": {"Gina Ops"}, "email": {"gina@ops.example"}, "role": {"admin"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.Status, r.Body)
	}
	if !strings.Contains(gina.Get("/dashboard").Body, "Audit Trail") {
		t.Error("the promotion did not take effect on gina's next request")
	}
	changed := env.AuditEntries(models.ActionUserChanged)
	if len(changed) != 1 || !strings.Contains(strings.Join(views.AuditDetailLines(i18n.For(i18n.English), changed[0]), ";"), "Role: user → admin") {
		t.Errorf("user.changed audit = %+v", changed)
	}

	if r := admin.PostForm(fmt.Sprintf("/users/%d/deactivate", id), nil); r.Status != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", r.Status)
	}
	if r := gina.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Fatalf("deactivated user's session still works: %d", r.Status)
	}
	if r := env.Client().PostForm("/login", url.Values{"username": {"gina"}, "password": {apptest.Password}}); r.Status == http.StatusSeeOther {
		t.Fatal("a deactivated user logged in")
	}
	admin.PostForm(fmt.Sprintf("/users/%d/reactivate", id), nil)
	gina.Login("gina", apptest.Password)

	if r := admin.PostForm(fmt.Sprintf("/users/%d/password", id), url.Values{"password": {"brand-new-pw-1"}, "confirm_password": {"different-pw-1"}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("mismatched reset: %d", r.Status)
	}
	if r := admin.PostForm(fmt.Sprintf("/users/%d/password", id), url.Values{"password": {"brand-new-pw-1"}, "confirm_password": {"brand-new-pw-1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.Status)
	}
	if r := gina.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Error("sessions survived a password reset")
	}
	env.Client().Login("gina", "brand-new-pw-1")
	if n := len(env.AuditEntries(models.ActionPasswordChanged)); n != 1 {
		t.Errorf("%d password.changed rows, want 1", n)
	}
}

func TestLastAdminIsProtected(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	adminID := userID(t, env, "admin")
	admin := env.Admin()
	r := admin.PostForm(fmt.Sprintf("/users/%d/edit", adminID), url.Values{"full_name": {"A"}, "email": {"a@example.com"}, "role": {"user"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "last active admin") {
		t.Fatalf("demote last admin: %d", r.Status)
	}
	if r := admin.PostForm(fmt.Sprintf("/users/%d/deactivate", adminID), nil); r.Status != http.StatusConflict {
		t.Fatalf("deactivate last admin: %d", r.Status)
	}
	// With a second admin, demoting the first is allowed.
	env.CreateUser("second", models.RoleAdmin)
	if r := admin.PostForm(fmt.Sprintf("/users/%d/edit", adminID), url.Values{"full_name": {"A"}, "email": {"a@example.com"}, "role": {"user"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("demote with another admin present: %d", r.Status)
	}
	secondID := userID(t, env, "second")
	if err := models.SetUserActive(env.DB.Gorm, secondID, false); err != models.ErrLastAdmin {
		t.Fatalf("deactivating the now-last admin: %v, want ErrLastAdmin", err)
	}
}

func TestOwnPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("hank", models.RoleUser)
	here, elsewhere := env.Client(), env.Client()
	here.Login("hank", apptest.Password)
	elsewhere.Login("hank", apptest.Password)
	page := here.Get("/account/password")
	for _, label := range []string{">Current Password<", ">New Password<", ">Confirm New Password<"} {
		if !strings.Contains(page.Body, label) {
			t.Errorf("password page lacks %s", label)
		}
	}
	r := here.PostForm("/account/password", url.Values{"current_password": {"wrong"}, "new_password": {"short"}, "confirm_password": {"other"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "current password is not correct") ||
		!strings.Contains(r.Body, "at least 10") || !strings.Contains(r.Body, "do not match") {
		t.Fatalf("bad change: %d", r.Status)
	}
	r = here.PostForm("/account/password", url.Values{"current_password": {apptest.Password}, "new_password": {"a-better-password"}, "confirm_password": {"a-better-password"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", r.Status, r.Body)
	}
	if r := here.Get("/dashboard"); r.Status != http.StatusOK {
		t.Error("the session that changed the password was logged out")
	}
	if r := elsewhere.Get("/dashboard"); r.Status != http.StatusSeeOther {
		t.Error("another session survived the password change")
	}
	env.Client().Login("hank", "a-better-password")
}

func TestDefaultPasswordBannerUntilChanged(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	env.CreateUser("ivy", models.RoleUser)
	admin, user := env.Client(), env.Client()
	admin.Login("admin", apptest.AdminPassword)
	user.Login("ivy", apptest.Password)
	for _, path := range []string{"/dashboard", "/vms", "/users"} {
		if !strings.Contains(admin.Get(path).Body, "still uses its initial default password") {
			t.Errorf("no banner for the admin on %s", path)
		}
	}
	if strings.Contains(user.Get("/dashboard").Body, "default password") {
		t.Error("a user sees the admin banner")
	}
	admin.PostForm("/account/password", url.Values{"current_password": {apptest.AdminPassword}, "new_password": {"Changed-Admin-1"}, "confirm_password": {"Changed-Admin-1"}})
	if strings.Contains(admin.Get("/dashboard").Body, "initial default password") {
		t.Error("banner still shown after the change")
	}
}
