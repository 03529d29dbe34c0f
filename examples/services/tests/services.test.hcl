# What the Services page sets up, as expectations: `natsplan test` checks
# each against the planned configuration, by the access analysis and on an
# embedded nats-server with throwaway keys. Not configuration: natsplan
# never loads tests/ as such.

# AccountB imports the public service srv: its requests on help are answered.
expect "b_gets_help" {
  user    = account.AccountB.user.userb
  request = "help"
  to      = account.TestAccount
  allowed = true
}

# The private phelp (help.>) is not AccountB's: no import, no grant.
expect "b_cannot_reach_private_help" {
  user    = account.AccountB.user.userb
  request = "help.x"
  to      = account.TestAccount
  allowed = false
}

# AccountC's grant opens phelp on help.<AccountC>, which its import calls help.
expect "c_gets_private_help" {
  user    = account.AccountC.user.userc
  request = "help"
  to      = account.TestAccount
  allowed = true
}

# ...and nothing else of help.>: the grant's subject is AccountC's own.
expect "c_cannot_reach_other_help" {
  user    = account.AccountC.user.userc
  request = "help.other"
  to      = account.TestAccount
  allowed = false
}

# The exporter's own user serves both services in its account.
expect "testuser_serves_help" {
  user      = account.TestAccount.user.TestUser
  subscribe = "help.>"
  allowed   = true
}
