terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "⟦+aws-access-key-id⟧AKIAXABS6DJ7KX47R5UL⟦⟧"
  secret_key = "⟦+aws-secret-access-key⟧tdf1TYLXu5skUV8KDRO7PENv+WrPeE0tOLHSbQQH⟦⟧"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "⟦-placeholder⟧changeme⟦⟧"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  username            = "orders_admin"
  password            = "⟦+generic-password-hcl⟧yH3QLA27uR9_S5HuBk2xyU⟦⟧"
  skip_final_snapshot = false
}

resource "aws_db_instance" "reports" {
  identifier     = "reports-prod"
  engine         = "postgres"
  instance_class = "db.t4g.small"
  username       = "reports"
  password       = ⟦-interpolation⟧var.db_password⟦⟧
}

data "aws_secretsmanager_secret_version" "api" {
  secret_id = "⟦-secret-manager-reference⟧arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-Qx81Zd⟦⟧"
}

output "git_commit" {
  value = "⟦-git-sha⟧44a2657f6072569a142a9d0372ddb6ead2471375⟦⟧"
}
