# The nsc "Services" guide as configuration: a public and a private
# service exported by TestAccount, imported by AccountB and AccountC.

operator "Test" {
  system_account = account.SYS
}

account "SYS" {}

account "TestAccount" {
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

  stream "news" {
    subject = "news.>"
  }
}

account "AccountB" {
  user "userb" {}

  # nsc add import --src-account <TestAccount> --remote-subject help --service
  import "help" {
    service = account.TestAccount.service.srv
  }

  import "news" {
    stream        = account.TestAccount.stream.news
    subject       = "news.sports.*"
    local_subject = "sports.$1"
  }
}

account "AccountC" {
  user "userc" {}

  # Imports the private service through the grant below; the remote
  # subject defaults to the grant's subject.
  import "help" {
    service       = account.TestAccount.service.phelp
    local_subject = "help"
  }
}

# nsc generate activation --target-account <AccountC> --subject help.<AccountC> --service
grant "phelp_to_c" {
  service = account.TestAccount.service.phelp
  to      = account.AccountC
  subject = "help.${account.AccountC.public_key}"
}
