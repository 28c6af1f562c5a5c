# Identity for the photo archive worker (runs in EKS via IRSA).
resource "aws_iam_role" "photo_archiver" {
  name = "kestrel-photo-archiver"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:kestrel:photo-archiver"
        }
      }
    }]
  })

  tags = {
    owner   = "team-logistics"
    service = "photo-archiver"
  }
}

resource "aws_iam_role_policy" "photo_archiver_s3" {
  name = "photo-archive-s3"
  role = aws_iam_role.photo_archiver.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:ListBucket", "s3:GetObject", "s3:PutObject"]
      Resource = ["arn:aws:s3:::kestrel-delivery-photos", "arn:aws:s3:::kestrel-delivery-photos/*"]
    }]
  })
}

# Role assumed by the API pods. Created in a hurry during the launch week.
resource "aws_iam_role" "api" {
  name = "kestrel-api"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_policy" "api_access" {
  name        = "kestrel-api-access"
  description = "Everything the API needs (and then some)"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query"]
        Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/parcels"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "api_access" {
  role       = aws_iam_role.api.name
  policy_arn = aws_iam_policy.api_access.arn
}
