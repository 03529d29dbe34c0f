# A platform with most of the language in one place: variables and locals,
# teams made with for_each, JetStream, signing keys and a scoped role,
# subject mappings, a service shared by token position, a grant to a
# partner account that natsplan does not manage, and a renamed account.
# docs/language.md describes every block; docs/migration.md maps nsc
# commands to them.

variable "teams" {
  description = "Teams, each with its developers."
  type        = map(list(string))
  default = {
    payments = ["alice", "bob"]
    search   = ["carol"]
  }
}

variable "partner_account" {
  description = "Public key of a partner's account, managed by the partner."
  type        = string
  default     = "AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"
}

locals {
  env = "prod"
}

operator "Acme" {
  system_account = account.SYS
  service_urls   = ["nats://127.0.0.1:4222"]
  tags           = [local.env]

  signing_key "accounts" {}
}

account "SYS" {}

account "Platform" {
  signed_by   = operator.Acme.signing_key.accounts
  description = "Shared services of the ${local.env} platform"

  limits {
    connections = 1000
    payload     = "1MiB"
  }

  jetstream {
    enabled      = true
    disk_storage = "10G"
    streams      = 20
  }

  # Every account may call help.<its own key>, and only that.
  service "help" {
    subject                = "help.*"
    account_token_position = 2
  }

  service "billing" {
    subject = "billing.>"
    private = true
  }

  # v2 of orders takes 10% of the traffic.
  mapping "orders.*" {
    destination {
      subject = "orders.v1.$1"
      weight  = 90
    }
    destination {
      subject = "orders.v2.$1"
      weight  = 10
    }
  }

  signing_key "ops" {}

  signing_key "oncall" {
    role        = "oncall"
    description = "Read-only access for whoever is on call"
    template {
      allow_sub = [">"]
      allow_pub = ["_INBOX.>"]
    }
  }

  user "api" {
    signed_by          = account.Platform.signing_key.ops
    allow_sub          = ["help.>", "billing.>", "orders.>"]
    allow_pub          = ["$JS.API.>"]
    allow_pub_response = true
  }

  user "pager" {
    signed_by  = account.Platform.signing_key.oncall
    expires_in = "30d"
  }
}

account "team" {
  for_each    = var.teams
  description = "Team ${each.key}"

  user "dev" {
    for_each         = toset(each.value)
    allow_pubsub     = ["${outer.key}.>", "_INBOX.>", "help.>"]
    connection_types = ["STANDARD", "WEBSOCKET"]
  }

  import "help" {
    service = account.Platform.service.help
  }
}

account "Finance" {
  user "reporting" {}

  import "billing" {
    service = account.Platform.service.billing
  }
}

# Finance was called Accounting; the rename keeps its keys.
moved {
  from = account.Accounting
  to   = account.Finance
}

grant "billing_to_finance" {
  service = account.Platform.service.billing
  to      = account.Finance
}

# A partner's account, named by public key: apply writes the activation
# token to out/partner.jwt to hand over, and renews it a week before it
# expires.
grant "billing_to_partner" {
  service      = account.Platform.service.billing
  to           = var.partner_account
  subject      = "billing.partner"
  expires_in   = "90d"
  renew_before = "7d"
  token_file   = "out/partner.jwt"
}
