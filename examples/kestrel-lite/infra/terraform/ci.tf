# Deploy user for the GitHub Actions pipeline.
resource "aws_iam_user" "deployer" {
  name = "kestrel-ci-deployer"
  path = "/ci/"
}

resource "aws_iam_access_key" "deployer" {
  user = aws_iam_user.deployer.name
}

resource "aws_iam_user_policy" "deployer" {
  name = "deploy"
  user = aws_iam_user.deployer.name

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:PutImage", "eks:DescribeCluster"]
      Resource = "*"
    }]
  })
}

output "deployer_access_key_id" {
  value = aws_iam_access_key.deployer.id
}
