package rotate_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/unleash-tokens/unleash-tokens/api"
	"github.com/unleash-tokens/unleash-tokens/inmem"
	"github.com/unleash-tokens/unleash-tokens/rotate"
	"github.com/unleash-tokens/unleash-tokens/tokenref"
)

// The steps one by one, as a TUI runs them, each in its own command: plan
// (then the form), create, prove, and only then retire the old token.
func Example_stepByStep() {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ts := httptest.NewServer(inmem.New(inmem.WithClock(func() time.Time { return now })))
	defer ts.Close()
	c, _ := api.New(ts.URL, inmem.AdminPAT)
	ctx := context.Background()

	list, _ := c.APITokensByName(ctx, "checkout-web")
	old := tokenref.FromAPIToken(list[0], "") // a row of a list

	plan, err := rotate.NewPlan(ctx, c, old, rotate.Options{Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("plan:", plan.Name, plan.ExpiresAt.Format(time.DateOnly), "-", plan.ExpiryReason)

	created := rotate.Create(ctx, c, plan)
	fmt.Println(created.Name, created.Outcome)
	defer created.Secret.Wipe() // after showing it once

	proof := rotate.Prove(ctx, c, plan, created)
	fmt.Println(proof.Name, proof.Outcome)

	retired := rotate.RetireOld(ctx, c, plan, created, proof, rotate.Retire{How: rotate.Grace, Grace: time.Hour}, now)
	fmt.Println(retired.Name, retired.Outcome, "-", retired.Message)
	// Output:
	// plan: checkout-web 2027-09-25 - the old token's lifetime (306d)
	// create done
	// prove done
	// retire done - The old API token "checkout-web" (frontend, production, project checkout) now expires 2026-11-23 13:00 UTC (in 1h): Unleash refuses it from then on, so nothing has to stay running.
}
