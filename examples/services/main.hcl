# The NATS "Services" page (nsc guide), as natsplan configuration.
# Each block names the nsc command it replaces.

# nsc add operator --name Test --sys
operator "Test" {
  system_account = account.SYS
}

# The system account, created by `nsc add operator --sys`.
account "SYS" {}

# nsc add account --name TestAccount
account "TestAccount" {
  # nsc add user --name TestUser
  user "TestUser" {}

  # nsc add export --name srv --subject help --service
  service "srv" {
    subject = "help"
  }

  # nsc add export --name phelp --subject "help.>" --private --service
  service "phelp" {
    subject = "help.>"
    private = true
  }
}

# nsc add account --name AccountB
account "AccountB" {
  # nsc add user --name userb
  user "userb" {}

  # nsc add import --src-account <TestAccount> --remote-subject help --service
  import "help" {
    service = account.TestAccount.service.srv
  }
}

# nsc add account --name AccountC
account "AccountC" {
  # nsc add user --name userc
  user "userc" {}

  # nsc add import --account AccountC --token act.jwt --local-subject help
  # The private service needs an activation (act.jwt, from nsc generate
  # activation): natsplan embeds the one of the grant below.
  import "help" {
    service       = account.TestAccount.service.phelp
    local_subject = "help"
  }
}

# nsc generate activation --account TestAccount --target-account <AccountC> \
#     --subject help.<AccountC> -o act.jwt
# Issued by TestAccount for AccountC only, for requests on help.<AccountC key>.
grant "phelp_to_c" {
  service = account.TestAccount.service.phelp
  to      = account.AccountC
  subject = "help.${account.AccountC.public_key}"
}
