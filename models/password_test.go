package models

import (
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestHashPasswordNeverBelowCost12(t *testing.T) {
	for _, asked := range []int{4} { // below the minimum: raised to 12
		h, err := HashPassword("secret-password", asked)
		if err != nil {
			t.Fatal(err)
		}
		cost, err := bcrypt.Cost([]byte(h))
		if err != nil || cost < MinBcryptCost {
			t.Fatalf("asked cost %d: hash has cost %d (%v), want >= %d", asked, cost, err, MinBcryptCost)
		}
		u := User{PasswordHash: h}
		if !u.CheckPassword("secret-password") || u.CheckPassword("Secret-password") {
			t.Fatal("CheckPassword does not tell the right password from a wrong one")
		}
	}
}
