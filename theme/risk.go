package theme

// Risk is the colour of a token's risks (orphaned, all projects, …) in the
// command-line table and the app alike.
var Risk = Orange
