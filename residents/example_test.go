package residents_test

import (
	"fmt"
	"time"

	"github.com/oslo-involve/involve/residents"
)

func ExampleLink() {
	link, err := residents.Link("https://involve.oslo.kommune.no/", "k7q2mxa4pz")
	if err != nil {
		panic(err)
	}
	fmt.Println(link)
	// Output: https://involve.oslo.kommune.no/r/k7q2mxa4pz
}

func ExampleLongDate() {
	d := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	fmt.Println(residents.LongDate("nb", d))
	fmt.Println(residents.LongDate("en", d))
	// Output:
	// 30. november 2026
	// 30 November 2026
}
