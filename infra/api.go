package infra

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/aws-cdk-go/awscdk/v2/awswafv2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/conveyor-dev/conveyor/localstack/gatekeeper"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

// PlatformAPIProps configure the REST API.
type PlatformAPIProps struct {
	// Stage is the stage to deploy; its name is the API stage name.
	Stage Stage
	// Services are the declarations whose routes the API serves.
	Services []spec.Service
	// AssetDir holds the gatekeeper's build, <GatekeeperName>/bootstrap,
	// which a stage with AuthLocalTokens deploys (`make localstack-build`
	// writes it); other stages do not read it.
	AssetDir string
}

// PlatformAPI is the shared REST API: a Cognito user pool with its app
// client, admin group and authorizer (or, in a stage with AuthLocalTokens,
// the gatekeeper function); every declared route, integrated with its
// function's alias by the alias's stable name; and one stage with JSON
// access logs, throttling and, where the stage traces, X-Ray tracing.
type PlatformAPI struct {
	constructs.Construct
	// RestAPI is the REST API and its deployment stage.
	RestAPI awsapigateway.RestApi
	// UserPool signs users in; its "admin" group grants admin routes. It,
	// Client, AdminGroup and Authorizer are nil in a stage with
	// AuthLocalTokens.
	UserPool awscognito.UserPool
	// Client is the app client the front ends and the tests sign in with.
	Client awscognito.UserPoolClient
	// AdminGroup is the user-pool group whose members may call admin routes.
	AdminGroup awscognito.CfnUserPoolGroup
	// Authorizer checks the Cognito ID token on customer and admin routes.
	Authorizer awsapigateway.CognitoUserPoolsAuthorizer
	// Gatekeeper checks the local cloud's tokens on customer and admin
	// routes in a stage with AuthLocalTokens; nil in other stages.
	Gatekeeper *Gatekeeper
	// AccessLogs receives one JSON line per request.
	AccessLogs awslogs.LogGroup
	// Methods are the API's methods by "METHOD /path".
	Methods map[string]awsapigateway.Method
}

// NewPlatformAPI adds the user pool (or the gatekeeper), the REST API, its
// routes and its stage to scope.
//
// The routes live here, in the stack that owns the stage, because a REST
// API stage serves a deployment, a snapshot of every method: only the stack
// that owns the stage can redeploy it when a method changes. Each route
// names its function's alias by physical name, so no reference crosses
// stacks; the service stack grants API Gateway the right to invoke it.
func NewPlatformAPI(scope constructs.Construct, id string, props *PlatformAPIProps) *PlatformAPI {
	stage := props.Stage
	c := constructs.NewConstruct(scope, jsii.String(id))
	a := &PlatformAPI{Construct: c, Methods: map[string]awsapigateway.Method{}}
	if stage.Auth == AuthCognito {
		a.addUserPool(stage)
	}

	a.AccessLogs = awslogs.NewLogGroup(c, jsii.String("AccessLogs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/apigateway/" + stage.APIName() + "/access"),
		Retention:     retention(stage),
		RemovalPolicy: removalPolicy(stage),
	})

	a.RestAPI = awsapigateway.NewRestApi(c, jsii.String("RestApi"), &awsapigateway.RestApiProps{
		RestApiName:    jsii.String(stage.APIName()),
		Description:    jsii.String("Conveyor " + stage.Name + ": every service's HTTP routes."),
		EndpointTypes:  &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
		CloudWatchRole: jsii.Bool(true),
		Deploy:         jsii.Bool(true),
		DeployOptions: &awsapigateway.StageOptions{
			StageName:            jsii.String(stage.Name),
			Description:          jsii.String("Conveyor " + stage.Name),
			TracingEnabled:       jsii.Bool(stage.Tracing),
			AccessLogDestination: awsapigateway.NewLogGroupLogDestination(a.AccessLogs),
			AccessLogFormat:      awsapigateway.AccessLogFormat_Custom(jsii.String(accessLogFormat())),
			LoggingLevel:         awsapigateway.MethodLoggingLevel_ERROR,
			DataTraceEnabled:     jsii.Bool(false),
			MetricsEnabled:       jsii.Bool(true),
			ThrottlingRateLimit:  jsii.Number(stage.Throttle.RatePerSecond),
			ThrottlingBurstLimit: jsii.Number(float64(stage.Throttle.Burst)),
			MethodOptions:        routeThrottling(stage, props.Services),
		},
	})
	var gatekept awsapigateway.Integration
	switch stage.Auth {
	case AuthCognito:
		a.Authorizer = awsapigateway.NewCognitoUserPoolsAuthorizer(c, jsii.String("Authorizer"), &awsapigateway.CognitoUserPoolsAuthorizerProps{
			AuthorizerName:   jsii.String(stage.Prefix() + "-cognito"),
			CognitoUserPools: &[]awscognito.IUserPool{a.UserPool},
			IdentitySource:   jsii.String("method.request.header.Authorization"),
		})
	case AuthLocalTokens:
		a.Gatekeeper = NewGatekeeper(c, "Gatekeeper", stage, props.AssetDir, props.Services)
		// API Gateway may invoke the gatekeeper on each method it serves
		// (one permission per method, scoped to it), never in a test
		// invocation.
		gatekept = awsapigateway.NewLambdaIntegration(a.Gatekeeper.Function, &awsapigateway.LambdaIntegrationOptions{
			AllowTestInvoke: jsii.Bool(false),
		})
	}

	stack := awscdk.Stack_Of(c)
	for _, svc := range props.Services {
		for _, r := range svc.Routes {
			resource := a.RestAPI.Root().ResourceForPath(jsii.String(r.Path))
			integration := awsapigateway.NewIntegration(&awsapigateway.IntegrationProps{
				Type:                  awsapigateway.IntegrationType_AWS_PROXY,
				IntegrationHttpMethod: jsii.String("POST"),
				Uri:                   aliasInvocationURI(stack, stage.FunctionName(r.Function)),
			})
			opts := &awsapigateway.MethodOptions{
				OperationName:     jsii.String(operationName(r)),
				AuthorizationType: awsapigateway.AuthorizationType_NONE,
			}
			protected := r.Auth == spec.Customer || r.Auth == spec.Admin
			switch {
			case protected && stage.Auth == AuthCognito:
				opts.AuthorizationType = awsapigateway.AuthorizationType_COGNITO
				opts.Authorizer = a.Authorizer
			case protected && stage.Auth == AuthLocalTokens:
				integration = gatekept
			}
			m := resource.AddMethod(jsii.String(r.Method), integration, opts)
			a.Methods[r.Method+" "+r.Path] = m
			switch {
			case r.Auth == spec.Public:
				suppressPublicRoute(m, svc.Name, r)
			case stage.Auth == AuthLocalTokens:
				suppress(m, true, suppressGatekeptRouteAuth, suppressGatekeptRouteCognito)
			}
		}
	}

	if stage.WAF {
		newWebACL(c, "WebAcl", stage, a.RestAPI.DeploymentStage())
	}
	return a
}

// addUserPool adds the Cognito user pool, its admin group and its app
// client.
func (a *PlatformAPI) addUserPool(stage Stage) {
	c := a.Construct
	poolProps := &awscognito.UserPoolProps{
		UserPoolName:      jsii.String(stage.Prefix() + "-users"),
		SelfSignUpEnabled: jsii.Bool(true),
		SignInAliases:     &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AutoVerify:        &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength:            jsii.Number(12),
			RequireDigits:        jsii.Bool(true),
			RequireLowercase:     jsii.Bool(true),
			RequireUppercase:     jsii.Bool(true),
			RequireSymbols:       jsii.Bool(true),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(3)),
		},
		AccountRecovery:    awscognito.AccountRecovery_EMAIL_ONLY,
		Mfa:                awscognito.Mfa_OPTIONAL,
		MfaSecondFactor:    &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		FeaturePlan:        awscognito.FeaturePlan_ESSENTIALS,
		DeletionProtection: jsii.Bool(stage.Production),
		RemovalPolicy:      removalPolicy(stage),
	}
	if stage.Production {
		// Threat protection (compromised credentials, adaptive
		// authentication) needs the Plus feature plan.
		poolProps.FeaturePlan = awscognito.FeaturePlan_PLUS
		poolProps.StandardThreatProtectionMode = awscognito.StandardThreatProtectionMode_FULL_FUNCTION
	}
	a.UserPool = awscognito.NewUserPool(c, jsii.String("UserPool"), poolProps)
	a.AdminGroup = awscognito.NewCfnUserPoolGroup(c, jsii.String("AdminGroup"), &awscognito.CfnUserPoolGroupProps{
		UserPoolId:  a.UserPool.UserPoolId(),
		GroupName:   jsii.String(spec.AdminGroup),
		Description: jsii.String("Members may call the admin routes; functions read it from the cognito:groups claim."),
	})
	a.Client = a.UserPool.AddClient(jsii.String("AppClient"), &awscognito.UserPoolClientOptions{
		UserPoolClientName: jsii.String(stage.Prefix() + "-app"),
		GenerateSecret:     jsii.Bool(false),
		// Front ends sign in with SRP, the password never leaving them.
		// Admin password sign-in needs IAM credentials allowed to call
		// AdminInitiateAuth; infra/e2e_env.sh signs its test users in
		// with it. Plain password sign-in, which anyone holding the
		// client id may use, is for test tools outside production only.
		AuthFlows: &awscognito.AuthFlow{
			UserSrp:           jsii.Bool(true),
			AdminUserPassword: jsii.Bool(true),
			UserPassword:      jsii.Bool(!stage.Production),
		},
		// No front end uses the hosted UI: no OAuth flow, scope or
		// callback (the CDK's defaults enable the implicit and code flows
		// with https://example.com as the callback).
		DisableOAuth:               jsii.Bool(true),
		PreventUserExistenceErrors: jsii.Bool(true),
		IdTokenValidity:            awscdk.Duration_Hours(jsii.Number(1)),
		AccessTokenValidity:        awscdk.Duration_Hours(jsii.Number(1)),
		RefreshTokenValidity:       awscdk.Duration_Days(jsii.Number(30)),
		EnableTokenRevocation:      jsii.Bool(true),
	})
}

// aliasInvocationURI is the Lambda proxy integration URI of a function's
// alias, built from the function's physical name.
func aliasInvocationURI(stack awscdk.Stack, functionName string) *string {
	fnARN := fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s:%s",
		*stack.Partition(), *stack.Region(), *stack.Account(), functionName, AliasName)
	return jsii.String(fmt.Sprintf("arn:%s:apigateway:%s:lambda:path/2015-03-31/functions/%s/invocations",
		*stack.Partition(), *stack.Region(), fnARN))
}

// RouteSourcePath is the part of an execute-api ARN that names a route in a
// stage: "<stage>/<METHOD>/<path>", with each {param} replaced by "*".
func RouteSourcePath(stage string, r spec.Route) string {
	segments := strings.Split(strings.TrimPrefix(r.Path, "/"), "/")
	for i, s := range segments {
		if strings.HasPrefix(s, "{") {
			segments[i] = "*"
		}
	}
	return stage + "/" + r.Method + "/" + strings.Join(segments, "/")
}

// operationName names a method for the SDKs API Gateway can generate,
// e.g. "GET /products/{sku}" becomes "getProductsSku".
func operationName(r spec.Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Method))
	for _, seg := range strings.Split(r.Path, "/") {
		seg = strings.Trim(seg, "{}+")
		for _, part := range strings.FieldsFunc(seg, func(c rune) bool { return c == '-' || c == '_' || c == '.' }) {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// routeThrottling turns the declared per-route throttling into stage method
// settings. A route that overrides only one of rate and burst keeps the
// stage's value for the other.
func routeThrottling(stage Stage, services []spec.Service) *map[string]*awsapigateway.MethodDeploymentOptions {
	opts := map[string]*awsapigateway.MethodDeploymentOptions{}
	for _, svc := range services {
		for _, r := range svc.Routes {
			if r.ThrottleRate == 0 && r.ThrottleBurst == 0 {
				continue
			}
			rate, burst := stage.Throttle.RatePerSecond, stage.Throttle.Burst
			if r.ThrottleRate > 0 {
				rate = r.ThrottleRate
			}
			if r.ThrottleBurst > 0 {
				burst = r.ThrottleBurst
			}
			opts[r.Path+"/"+r.Method] = &awsapigateway.MethodDeploymentOptions{
				ThrottlingRateLimit:  jsii.Number(rate),
				ThrottlingBurstLimit: jsii.Number(float64(burst)),
			}
		}
	}
	if len(opts) == 0 {
		return nil
	}
	return &opts
}

// accessLogFormat is the JSON line API Gateway writes for every request.
func accessLogFormat() string {
	fields := map[string]string{
		"requestId":          "$context.requestId",
		"extendedRequestId":  "$context.extendedRequestId",
		"xrayTraceId":        "$context.xrayTraceId",
		"requestTime":        "$context.requestTime",
		"ip":                 "$context.identity.sourceIp",
		"userAgent":          "$context.identity.userAgent",
		"user":               "$context.authorizer.claims.sub",
		"httpMethod":         "$context.httpMethod",
		"resourcePath":       "$context.resourcePath",
		"path":               "$context.path",
		"protocol":           "$context.protocol",
		"status":             "$context.status",
		"responseLength":     "$context.responseLength",
		"responseLatency":    "$context.responseLatency",
		"integrationLatency": "$context.integration.latency",
		"integrationStatus":  "$context.integration.status",
		"errorMessage":       "$context.error.message",
		"authorizerError":    "$context.authorizer.error",
	}
	b, err := json.Marshal(fields)
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return string(b)
}

// newWebACL attaches a regional WAF web ACL to the API stage: AWS managed
// common and known-bad-input rules, and a per-IP rate limit.
func newWebACL(scope constructs.Construct, id string, stage Stage, apiStage awsapigateway.Stage) awswafv2.CfnWebACL {
	visibility := func(name string) *awswafv2.CfnWebACL_VisibilityConfigProperty {
		return &awswafv2.CfnWebACL_VisibilityConfigProperty{
			CloudWatchMetricsEnabled: jsii.Bool(true),
			MetricName:               jsii.String(name),
			SampledRequestsEnabled:   jsii.Bool(true),
		}
	}
	managed := func(priority int, name string) *awswafv2.CfnWebACL_RuleProperty {
		return &awswafv2.CfnWebACL_RuleProperty{
			Name:           jsii.String(name),
			Priority:       jsii.Number(priority),
			OverrideAction: &awswafv2.CfnWebACL_OverrideActionProperty{None: map[string]any{}},
			Statement: &awswafv2.CfnWebACL_StatementProperty{
				ManagedRuleGroupStatement: &awswafv2.CfnWebACL_ManagedRuleGroupStatementProperty{
					VendorName: jsii.String("AWS"),
					Name:       jsii.String(name),
				},
			},
			VisibilityConfig: visibility(name),
		}
	}
	acl := awswafv2.NewCfnWebACL(scope, jsii.String(id), &awswafv2.CfnWebACLProps{
		Name:             jsii.String(stage.APIName() + "-api"),
		Scope:            jsii.String("REGIONAL"),
		DefaultAction:    &awswafv2.CfnWebACL_DefaultActionProperty{Allow: map[string]any{}},
		VisibilityConfig: visibility(stage.APIName() + "-api"),
		Rules: &[]any{
			managed(0, "AWSManagedRulesCommonRuleSet"),
			managed(1, "AWSManagedRulesKnownBadInputsRuleSet"),
			&awswafv2.CfnWebACL_RuleProperty{
				Name:     jsii.String("RateLimitPerIP"),
				Priority: jsii.Number(2),
				Action:   &awswafv2.CfnWebACL_RuleActionProperty{Block: map[string]any{}},
				Statement: &awswafv2.CfnWebACL_StatementProperty{
					RateBasedStatement: &awswafv2.CfnWebACL_RateBasedStatementProperty{
						Limit:            jsii.Number(stage.WAFRateLimit),
						AggregateKeyType: jsii.String("IP"),
					},
				},
				VisibilityConfig: visibility("RateLimitPerIP"),
			},
		},
	})
	awswafv2.NewCfnWebACLAssociation(scope, jsii.String(id+"Association"), &awswafv2.CfnWebACLAssociationProps{
		ResourceArn: apiStage.StageArn(),
		WebAclArn:   acl.AttrArn(),
	})
	return acl
}

// GatekeeperName is the gatekeeper's function name within a stage
// (Stage.FunctionName) and the folder of its bootstrap in the asset
// directory.
const GatekeeperName = "gatekeeper"

// Gatekeeper is the function that authenticates the customer and admin
// routes of a stage with AuthLocalTokens (package localstack/gatekeeper):
// every such route integrates with it, and it invokes the route's
// function's alias with the verified claims. Its role may write its own
// log group and invoke those aliases, nothing else.
type Gatekeeper struct {
	constructs.Construct
	Function awslambda.Function
	Role     awsiam.Role
	LogGroup awslogs.LogGroup
	// Routes are the routes it fronts, with the function each invokes.
	Routes gatekeeper.Routes
}

// NewGatekeeper adds the gatekeeper of the services' customer and admin
// routes to scope. Its bootstrap is <assetDir>/<GatekeeperName>/bootstrap;
// its public key is read at deploy time from the stage's
// TokenKeyParameterName.
func NewGatekeeper(scope constructs.Construct, id string, stage Stage, assetDir string, services []spec.Service) *Gatekeeper {
	if assetDir == "" {
		panic("infra: the gatekeeper of stage " + stage.Name + " needs the asset directory (PlatformStackProps.AssetDir)")
	}
	c := constructs.NewConstruct(scope, jsii.String(id))
	g := &Gatekeeper{Construct: c, Routes: gatekeeper.Routes{}}
	name := stage.FunctionName(GatekeeperName)
	stack := awscdk.Stack_Of(c)

	var targets []string
	for _, svc := range services {
		for _, r := range svc.Routes {
			if r.Auth != spec.Customer && r.Auth != spec.Admin {
				continue
			}
			g.Routes[gatekeeper.RouteKey(r.Method, r.Path)] = stage.FunctionName(r.Function) + ":" + AliasName
			arn := fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s:%s",
				*stack.Partition(), *stack.Region(), *stack.Account(), stage.FunctionName(r.Function), AliasName)
			if !slices.Contains(targets, arn) {
				targets = append(targets, arn)
			}
		}
	}
	routes, err := json.Marshal(g.Routes)
	if err != nil {
		panic(err) // a map of strings always encodes
	}

	g.LogGroup = awslogs.NewLogGroup(c, jsii.String("Logs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + name),
		Retention:     retention(stage),
		RemovalPolicy: removalPolicy(stage),
	})
	g.Role = awsiam.NewRole(c, jsii.String("Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Runs " + name + ": its own logs, and invoking the aliases of the routes it fronts."),
	})
	g.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("WriteLogs"),
		Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{g.LogGroup.LogGroupArn()},
	}))
	if len(targets) > 0 {
		g.Role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("InvokeRoutes"),
			Actions:   jsii.Strings("lambda:InvokeFunction"),
			Resources: jsii.Strings(targets...),
		}))
	}
	publicKey := awsssm.StringParameter_ValueForStringParameter(c, jsii.String(stage.TokenKeyParameterName()), nil)
	g.Function = awslambda.NewFunction(c, jsii.String("Function"), &awslambda.FunctionProps{
		FunctionName:  jsii.String(name),
		Description:   jsii.String("Verifies the local cloud's ID tokens on customer and admin routes and invokes the route's function with the claims."),
		Runtime:       awslambda.Runtime_PROVIDED_AL2023(),
		Architecture:  awslambda.Architecture_ARM_64(),
		Handler:       jsii.String("bootstrap"),
		Code:          awslambda.Code_FromAsset(jsii.String(filepath.Join(assetDir, GatekeeperName)), nil),
		MemorySize:    jsii.Number(256),
		Timeout:       awscdk.Duration_Seconds(jsii.Number(29)), // API Gateway's integration timeout
		LoggingFormat: awslambda.LoggingFormat_JSON,
		LogGroup:      g.LogGroup,
		Role:          g.Role,
		Environment: &map[string]*string{
			gatekeeper.EnvPublicKey: publicKey,
			gatekeeper.EnvRoutes:    jsii.String(string(routes)),
		},
	})
	return g
}
