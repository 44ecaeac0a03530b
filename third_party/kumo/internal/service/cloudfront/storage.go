package cloudfront

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sivchari/kumo/internal/service"
	"github.com/sivchari/kumo/internal/storage"
)

// kumo reports the terminal Status immediately after a mutating call:
// real CloudFront's propagation delay isn't modeled, and clients such as
// the Terraform AWS provider block until a distribution is "Deployed"
// (its delete path waits unconditionally) and an invalidation is
// "Completed".
const (
	distributionStatusDeployed  = "Deployed"
	invalidationStatusCompleted = "Completed"
)

// Storage defines the CloudFront storage interface.
type Storage interface {
	CreateDistribution(ctx context.Context, config *CreateDistributionRequest) (*Distribution, error)
	GetDistribution(ctx context.Context, id string) (*Distribution, error)
	ListDistributions(ctx context.Context, marker string, maxItems int) ([]*Distribution, string, error)
	UpdateDistribution(ctx context.Context, id string, config *CreateDistributionRequest, etag string) (*Distribution, error)
	DeleteDistribution(ctx context.Context, id string, etag string) error
	CreateInvalidation(ctx context.Context, distributionID string, batch *CreateInvalidationRequest) (*Invalidation, error)
	GetInvalidation(ctx context.Context, distributionID, invalidationID string) (*Invalidation, error)
	ListInvalidations(ctx context.Context, distributionID, marker string, maxItems int) ([]*Invalidation, string, error)

	// Tagging, keyed by distribution ARN.
	TagResource(ctx context.Context, arn string, tags map[string]string) error
	UntagResource(ctx context.Context, arn string, keys []string) error
	ListTagsForResource(ctx context.Context, arn string) (map[string]string, error)

	// Signed URL building blocks.
	CreatePublicKey(ctx context.Context, cfg *PublicKeyConfig) (*PublicKey, error)
	GetPublicKey(ctx context.Context, id string) (*PublicKey, error)
	ListPublicKeys(ctx context.Context) []*PublicKey
	DeletePublicKey(ctx context.Context, id string) error

	CreateKeyGroup(ctx context.Context, cfg *KeyGroupConfig) (*KeyGroup, error)
	GetKeyGroup(ctx context.Context, id string) (*KeyGroup, error)
	ListKeyGroups(ctx context.Context) []*KeyGroup
	DeleteKeyGroup(ctx context.Context, id string) error

	// Origin access control.
	CreateOriginAccessControl(ctx context.Context, cfg *OriginAccessControlConfig) (*OriginAccessControl, error)
	GetOriginAccessControl(ctx context.Context, id string) (*OriginAccessControl, error)
	ListOriginAccessControls(ctx context.Context, marker string, maxItems int) ([]*OriginAccessControl, string, error)
	UpdateOriginAccessControl(ctx context.Context, id string, cfg *OriginAccessControlConfig, ifMatch string) (*OriginAccessControl, error)
	DeleteOriginAccessControl(ctx context.Context, id, ifMatch string) error

	// Cache policy.
	CreateCachePolicy(ctx context.Context, cfg *CachePolicyConfig) (*CachePolicy, error)
	GetCachePolicy(ctx context.Context, id string) (*CachePolicy, error)
	ListCachePolicies(ctx context.Context, policyType, marker string, maxItems int) ([]*CachePolicy, string, error)
	UpdateCachePolicy(ctx context.Context, id string, cfg *CachePolicyConfig, ifMatch string) (*CachePolicy, error)
	DeleteCachePolicy(ctx context.Context, id, ifMatch string) error

	// Response headers policy.
	CreateResponseHeadersPolicy(ctx context.Context, cfg *ResponseHeadersPolicyConfig) (*ResponseHeadersPolicy, error)
	GetResponseHeadersPolicy(ctx context.Context, id string) (*ResponseHeadersPolicy, error)
	ListResponseHeadersPolicies(ctx context.Context, policyType, marker string, maxItems int) ([]*ResponseHeadersPolicy, string, error)
	UpdateResponseHeadersPolicy(ctx context.Context, id string, cfg *ResponseHeadersPolicyConfig, ifMatch string) (*ResponseHeadersPolicy, error)
	DeleteResponseHeadersPolicy(ctx context.Context, id, ifMatch string) error
}

// Option is a configuration option for MemoryStorage.
type Option func(*MemoryStorage)

// WithDataDir enables persistent storage in the specified directory.
func WithDataDir(dir string) Option {
	return func(s *MemoryStorage) {
		s.dataDir = dir
	}
}

// Compile-time interface checks.
var (
	_ json.Marshaler   = (*MemoryStorage)(nil)
	_ json.Unmarshaler = (*MemoryStorage)(nil)
)

// MemoryStorage implements Storage with in-memory data.
type MemoryStorage struct {
	mu                      sync.RWMutex                        `json:"-"`
	Distributions           map[string]*Distribution            `json:"distributions"`
	Invalidations           map[string]map[string]*Invalidation `json:"invalidations"` // distributionID -> invalidationID -> Invalidation
	OriginAccessControls    map[string]*OriginAccessControl     `json:"originAccessControls,omitempty"`
	CachePolicies           map[string]*CachePolicy             `json:"cachePolicies,omitempty"`
	ResponseHeadersPolicies map[string]*ResponseHeadersPolicy   `json:"responseHeadersPolicies,omitempty"`
	signing                 signingStore
	dataDir                 string
}

// NewMemoryStorage creates a new memory storage.
func NewMemoryStorage(opts ...Option) *MemoryStorage {
	s := &MemoryStorage{
		Distributions:           make(map[string]*Distribution),
		Invalidations:           make(map[string]map[string]*Invalidation),
		OriginAccessControls:    make(map[string]*OriginAccessControl),
		CachePolicies:           make(map[string]*CachePolicy),
		ResponseHeadersPolicies: make(map[string]*ResponseHeadersPolicy),
		signing: signingStore{
			PublicKeys: make(map[string]*PublicKey),
			KeyGroups:  make(map[string]*KeyGroup),
		},
	}
	for _, o := range opts {
		o(s)
	}

	if s.dataDir != "" {
		_ = storage.Load(s.dataDir, "cloudfront", s)
	}

	return s
}

// MarshalJSON serializes the storage state to JSON.
func (s *MemoryStorage) MarshalJSON() ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	type Alias MemoryStorage

	data, err := json.Marshal(&struct{ *Alias }{Alias: (*Alias)(s)})
	if err != nil {
		return nil, fmt.Errorf("failed to marshal: %w", err)
	}

	return data, nil
}

// UnmarshalJSON restores the storage state from JSON.
func (s *MemoryStorage) UnmarshalJSON(data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	type Alias MemoryStorage

	aux := &struct{ *Alias }{Alias: (*Alias)(s)}

	if err := json.Unmarshal(data, aux); err != nil {
		return fmt.Errorf("failed to unmarshal: %w", err)
	}

	if s.Distributions == nil {
		s.Distributions = make(map[string]*Distribution)
	}

	if s.Invalidations == nil {
		s.Invalidations = make(map[string]map[string]*Invalidation)
	}

	s.ensureSigningInit()
	s.ensureOACInit()
	s.ensureCachePolicyInit()
	s.ensureResponseHeadersPolicyInit()

	return nil
}

// saveLocked persists the current state to disk while the caller holds the lock.
func (s *MemoryStorage) saveLocked() {
	if s.dataDir == "" {
		return
	}

	storage.ScheduleSave(s.dataDir, "cloudfront", s.MarshalJSON)
}

// Close saves the storage state to disk if persistence is enabled.
func (s *MemoryStorage) Close() error {
	if s.dataDir == "" {
		return nil
	}

	if err := storage.Save(s.dataDir, "cloudfront", s); err != nil {
		return fmt.Errorf("failed to save: %w", err)
	}

	return nil
}

// Error represents a CloudFront error.
type Error = service.CodedError

// CreateDistribution creates a new distribution.
func (s *MemoryStorage) CreateDistribution(_ context.Context, config *CreateDistributionRequest) (*Distribution, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	for _, d := range s.Distributions {
		if d.DistributionConfig != nil && d.DistributionConfig.CallerReference == config.CallerReference {
			return nil, &Error{
				Code:    errDistributionAlreadyExists,
				Message: fmt.Sprintf("A distribution with caller reference %s already exists", config.CallerReference),
			}
		}
	}

	distConfig := newDistributionConfig(config)
	if err := validateTargetOrigins(distConfig); err != nil {
		return nil, err
	}

	if err := validatePathPatterns(distConfig); err != nil {
		return nil, err
	}

	if err := s.validateOriginAccessLocked(distConfig); err != nil {
		return nil, err
	}

	if err := s.validatePolicyReferencesLocked(distConfig); err != nil {
		return nil, err
	}

	id := generateDistributionID()
	etag := generateETag()
	now := time.Now()

	dist := &Distribution{
		ID:                     id,
		ARN:                    fmt.Sprintf("arn:aws:cloudfront::000000000000:distribution/%s", id),
		Status:                 distributionStatusDeployed,
		LastModifiedTime:       now,
		DomainName:             fmt.Sprintf("%s.cloudfront.net", id),
		ETag:                   etag,
		DistributionConfig:     distConfig,
		ActiveTrustedSigners:   &ActiveTrustedSigners{Enabled: false, Quantity: 0},
		ActiveTrustedKeyGroups: &ActiveTrustedKeyGroups{Enabled: false, Quantity: 0},
	}

	s.Distributions[id] = dist

	s.saveLocked()

	return dist, nil
}

// GetDistribution retrieves a distribution by ID.
func (s *MemoryStorage) GetDistribution(_ context.Context, id string) (*Distribution, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	dist, exists := s.Distributions[id]
	if !exists {
		return nil, &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", id),
		}
	}

	return dist, nil
}

// ListDistributions lists all distributions.
func (s *MemoryStorage) ListDistributions(_ context.Context, marker string, maxItems int) ([]*Distribution, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if maxItems <= 0 {
		maxItems = 100
	}

	dists := make([]*Distribution, 0, len(s.Distributions))
	for _, d := range s.Distributions {
		dists = append(dists, d)
	}

	sortDistributionsByID(dists)

	startIdx := 0

	if marker != "" {
		for i, d := range dists {
			if d.ID == marker {
				startIdx = i + 1

				break
			}
		}
	}

	endIdx := min(startIdx+maxItems, len(dists))

	result := dists[startIdx:endIdx]

	var nextMarker string
	if endIdx < len(dists) {
		nextMarker = dists[endIdx-1].ID
	}

	return result, nextMarker, nil
}

// UpdateDistribution updates a distribution.
func (s *MemoryStorage) UpdateDistribution(_ context.Context, id string, config *CreateDistributionRequest, etag string) (*Distribution, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	dist, exists := s.Distributions[id]
	if !exists {
		return nil, &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", id),
		}
	}

	if dist.ETag != etag {
		return nil, &Error{
			Code:    errInvalidIfMatchVersion,
			Message: "The If-Match version is missing or not valid for the resource",
		}
	}

	distConfig := newDistributionConfig(config)
	if err := validateTargetOrigins(distConfig); err != nil {
		return nil, err
	}

	if err := validatePathPatterns(distConfig); err != nil {
		return nil, err
	}

	if err := s.validateOriginAccessLocked(distConfig); err != nil {
		return nil, err
	}

	if err := s.validatePolicyReferencesLocked(distConfig); err != nil {
		return nil, err
	}

	dist.ETag = generateETag()
	dist.LastModifiedTime = time.Now()
	dist.Status = distributionStatusDeployed
	dist.DistributionConfig = distConfig

	s.saveLocked()

	return dist, nil
}

// newDistributionConfig converts a Create/UpdateDistribution body into the
// stored configuration, applying the defaults CloudFront applies.
func newDistributionConfig(config *CreateDistributionRequest) *DistributionConfig {
	return &DistributionConfig{
		CallerReference:      config.CallerReference,
		Comment:              config.Comment,
		Enabled:              config.Enabled,
		PriceClass:           defaultString(config.PriceClass, "PriceClass_All"),
		DefaultRootObject:    config.DefaultRootObject,
		HTTPVersion:          defaultString(config.HTTPVersion, "http2"),
		IsIPV6Enabled:        config.IsIPV6Enabled,
		Origins:              convertOriginsFromXML(config.Origins),
		DefaultCacheBehavior: convertDefaultCacheBehaviorFromXML(config.DefaultCacheBehavior),
		CacheBehaviors:       convertCacheBehaviorsFromXML(config.CacheBehaviors),
		Aliases:              convertAliasesFromXML(config.Aliases),
		ViewerCertificate:    convertViewerCertificateFromXML(config.ViewerCertificate),
		Logging:              convertLoggingFromXML(config.Logging),
	}
}

// validateTargetOrigins rejects behaviors whose TargetOriginId names no
// origin, as CloudFront does (NoSuchOrigin).
func validateTargetOrigins(config *DistributionConfig) error {
	known := map[string]bool{}

	if config.Origins != nil {
		for _, o := range config.Origins.Items {
			known[o.ID] = true
		}
	}

	for _, behavior := range config.behaviors() {
		if !known[behavior.TargetOriginID] {
			return &Error{Code: errNoSuchOrigin, Message: "No origin exists with the specified Origin Id."}
		}
	}

	return nil
}

// validatePathPatterns rejects ordered behaviors with an empty or duplicated
// PathPattern, as CloudFront does (InvalidArgument).
func validatePathPatterns(config *DistributionConfig) error {
	if config.CacheBehaviors == nil {
		return nil
	}

	seen := make(map[string]struct{}, len(config.CacheBehaviors.Items))

	for i := range config.CacheBehaviors.Items {
		pattern := config.CacheBehaviors.Items[i].PathPattern
		if pattern == "" {
			return &Error{Code: errInvalidArgument, Message: "PathPattern is required for an ordered cache behavior."}
		}

		if _, dup := seen[pattern]; dup {
			return &Error{Code: errInvalidArgument, Message: fmt.Sprintf("The path pattern %s is specified more than once.", pattern)}
		}

		seen[pattern] = struct{}{}
	}

	return nil
}

// behaviors lists the default behavior followed by the ordered ones; nil-safe.
func (c *DistributionConfig) behaviors() []*DefaultCacheBehavior {
	if c == nil {
		return nil
	}

	var out []*DefaultCacheBehavior

	if c.DefaultCacheBehavior != nil {
		out = append(out, c.DefaultCacheBehavior)
	}

	if c.CacheBehaviors != nil {
		for i := range c.CacheBehaviors.Items {
			out = append(out, &c.CacheBehaviors.Items[i].DefaultCacheBehavior)
		}
	}

	return out
}

// DeleteDistribution deletes a distribution.
func (s *MemoryStorage) DeleteDistribution(_ context.Context, id, etag string) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	dist, exists := s.Distributions[id]
	if !exists {
		return &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", id),
		}
	}

	if dist.ETag != etag {
		return &Error{
			Code:    errInvalidIfMatchVersion,
			Message: "The If-Match version is missing or not valid for the resource",
		}
	}

	delete(s.Distributions, id)
	delete(s.Invalidations, id)

	s.saveLocked()

	return nil
}

// CreateInvalidation creates a new invalidation.
func (s *MemoryStorage) CreateInvalidation(_ context.Context, distributionID string, batch *CreateInvalidationRequest) (*Invalidation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	if _, exists := s.Distributions[distributionID]; !exists {
		return nil, &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", distributionID),
		}
	}

	id := generateInvalidationID()
	now := time.Now()

	inv := &Invalidation{
		ID:         id,
		Status:     invalidationStatusCompleted,
		CreateTime: now,
		InvalidationBatch: &InvalidationBatch{
			CallerReference: batch.CallerReference,
			Paths:           convertPathsFromXML(batch.Paths),
		},
	}

	if s.Invalidations[distributionID] == nil {
		s.Invalidations[distributionID] = make(map[string]*Invalidation)
	}

	s.Invalidations[distributionID][id] = inv

	s.saveLocked()

	return inv, nil
}

// GetInvalidation retrieves an invalidation.
func (s *MemoryStorage) GetInvalidation(_ context.Context, distributionID, invalidationID string) (*Invalidation, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if _, exists := s.Distributions[distributionID]; !exists {
		return nil, &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", distributionID),
		}
	}

	invMap, exists := s.Invalidations[distributionID]
	if !exists {
		return nil, &Error{
			Code:    errNoSuchInvalidation,
			Message: fmt.Sprintf("The invalidation with id %s does not exist", invalidationID),
		}
	}

	inv, exists := invMap[invalidationID]
	if !exists {
		return nil, &Error{
			Code:    errNoSuchInvalidation,
			Message: fmt.Sprintf("The invalidation with id %s does not exist", invalidationID),
		}
	}

	return inv, nil
}

// ListInvalidations lists invalidations for a distribution.
func (s *MemoryStorage) ListInvalidations(_ context.Context, distributionID, marker string, maxItems int) ([]*Invalidation, string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()

	if _, exists := s.Distributions[distributionID]; !exists {
		return nil, "", &Error{
			Code:    errDistributionNotFound,
			Message: fmt.Sprintf("The distribution with id %s does not exist", distributionID),
		}
	}

	if maxItems <= 0 {
		maxItems = 100
	}

	invMap := s.Invalidations[distributionID]
	if invMap == nil {
		return []*Invalidation{}, "", nil
	}

	var invs []*Invalidation
	for _, inv := range invMap {
		invs = append(invs, inv)
	}

	sortInvalidationsByID(invs)

	startIdx := 0

	if marker != "" {
		for i, inv := range invs {
			if inv.ID == marker {
				startIdx = i + 1

				break
			}
		}
	}

	endIdx := min(startIdx+maxItems, len(invs))

	result := invs[startIdx:endIdx]

	var nextMarker string
	if endIdx < len(invs) {
		nextMarker = invs[endIdx-1].ID
	}

	return result, nextMarker, nil
}

// Helper functions.

func generateDistributionID() string {
	return "E" + uuid.New().String()[:13]
}

func generateInvalidationID() string {
	return "I" + uuid.New().String()[:13]
}

func generateETag() string {
	return "E" + uuid.New().String()[:32]
}

func defaultString(s, def string) string {
	if s == "" {
		return def
	}

	return s
}

func sortDistributionsByID(dists []*Distribution) {
	for i := range len(dists) {
		for j := i + 1; j < len(dists); j++ {
			if dists[i].ID > dists[j].ID {
				dists[i], dists[j] = dists[j], dists[i]
			}
		}
	}
}

func sortInvalidationsByID(invs []*Invalidation) {
	for i := range len(invs) {
		for j := i + 1; j < len(invs); j++ {
			if invs[i].ID > invs[j].ID {
				invs[i], invs[j] = invs[j], invs[i]
			}
		}
	}
}

func convertOriginsFromXML(origins *OriginsXML) *Origins {
	if origins == nil {
		return nil
	}

	result := &Origins{
		Quantity: origins.Quantity,
	}

	if origins.Items != nil {
		for _, o := range origins.Items.Origin {
			origin := Origin{
				ID:                    o.ID,
				DomainName:            o.DomainName,
				OriginPath:            o.OriginPath,
				ConnectionAttempts:    o.ConnectionAttempts,
				ConnectionTimeout:     o.ConnectionTimeout,
				OriginAccessControlID: o.OriginAccessControlID,
			}

			if o.S3OriginConfig != nil {
				origin.S3OriginConfig = &S3OriginConfig{
					OriginAccessIdentity: o.S3OriginConfig.OriginAccessIdentity,
				}
			}

			if o.CustomOriginConfig != nil {
				origin.CustomOriginConfig = &CustomOriginConfig{
					HTTPPort:               o.CustomOriginConfig.HTTPPort,
					HTTPSPort:              o.CustomOriginConfig.HTTPSPort,
					OriginProtocolPolicy:   o.CustomOriginConfig.OriginProtocolPolicy,
					OriginReadTimeout:      o.CustomOriginConfig.OriginReadTimeout,
					OriginKeepaliveTimeout: o.CustomOriginConfig.OriginKeepaliveTimeout,
				}
				if o.CustomOriginConfig.OriginSSLProtocols != nil {
					origin.CustomOriginConfig.OriginSSLProtocols = &OriginSSLProtocols{
						Quantity: o.CustomOriginConfig.OriginSSLProtocols.Quantity,
						Items:    o.CustomOriginConfig.OriginSSLProtocols.Items,
					}
				}
			}

			result.Items = append(result.Items, origin)
		}
	}

	return result
}

func convertDefaultCacheBehaviorFromXML(behavior *DefaultCacheBehaviorXML) *DefaultCacheBehavior {
	if behavior == nil {
		return nil
	}

	result := &DefaultCacheBehavior{
		TargetOriginID:          behavior.TargetOriginID,
		ViewerProtocolPolicy:    behavior.ViewerProtocolPolicy,
		MinTTL:                  behavior.MinTTL,
		DefaultTTL:              behavior.DefaultTTL,
		MaxTTL:                  behavior.MaxTTL,
		Compress:                behavior.Compress,
		SmoothStreaming:         behavior.SmoothStreaming,
		CachePolicyID:           behavior.CachePolicyID,
		OriginRequestPolicyID:   behavior.OriginRequestPolicyID,
		ResponseHeadersPolicyID: behavior.ResponseHeadersPolicyID,
		FieldLevelEncryptionID:  behavior.FieldLevelEncryptionID,
		RealtimeLogConfigArn:    behavior.RealtimeLogConfigArn,
	}

	convertAllowedMethodsFromXML(behavior.AllowedMethods, result)
	convertForwardedValuesFromXML(behavior.ForwardedValues, result)
	convertTrustedSignersFromXML(behavior.TrustedSigners, result)
	convertTrustedKeyGroupsFromXML(behavior.TrustedKeyGroups, result)

	return result
}

func convertAllowedMethodsFromXML(methods *AllowedMethodsXML, result *DefaultCacheBehavior) {
	if methods == nil {
		return
	}

	result.AllowedMethods = &AllowedMethods{
		Quantity: methods.Quantity,
		Items:    methods.Items,
	}

	if methods.CachedMethods != nil {
		result.CachedMethods = &CachedMethods{
			Quantity: methods.CachedMethods.Quantity,
			Items:    methods.CachedMethods.Items,
		}
	}
}

func convertForwardedValuesFromXML(fv *ForwardedValuesXML, result *DefaultCacheBehavior) {
	if fv == nil {
		return
	}

	result.ForwardedValues = &ForwardedValues{
		QueryString: fv.QueryString,
		Cookies:     convertCookiesFromXML(fv.Cookies),
	}

	if fv.Headers != nil {
		result.ForwardedValues.Headers = &Headers{
			Quantity: fv.Headers.Quantity,
			Items:    fv.Headers.Items,
		}
	}

	if fv.QueryStringCacheKeys != nil {
		result.ForwardedValues.QueryStringCacheKeys = &QueryStringCacheKeys{
			Quantity: fv.QueryStringCacheKeys.Quantity,
			Items:    fv.QueryStringCacheKeys.Items,
		}
	}
}

func convertCookiesFromXML(cookies *CookiesXML) *CookiePreference {
	if cookies == nil {
		return nil
	}

	result := &CookiePreference{Forward: cookies.Forward}

	if cookies.WhitelistedNames != nil {
		result.WhitelistedNames = &CookieNames{
			Quantity: cookies.WhitelistedNames.Quantity,
			Items:    cookies.WhitelistedNames.Items,
		}
	}

	return result
}

// convertCacheBehaviorsFromXML stores the ordered cache behaviors in list
// order; Quantity follows the items actually present.
func convertCacheBehaviorsFromXML(behaviors *CacheBehaviorsXML) *CacheBehaviors {
	if behaviors == nil {
		return nil
	}

	result := &CacheBehaviors{Quantity: len(behaviors.Items), Items: make([]CacheBehavior, 0, len(behaviors.Items))}

	for i := range behaviors.Items {
		item := &behaviors.Items[i]
		result.Items = append(result.Items, CacheBehavior{
			PathPattern:          item.PathPattern,
			DefaultCacheBehavior: *convertDefaultCacheBehaviorFromXML(&item.DefaultCacheBehaviorXML),
		})
	}

	return result
}

func convertTrustedSignersFromXML(ts *TrustedSignersXML, result *DefaultCacheBehavior) {
	if ts == nil {
		return
	}

	result.TrustedSigners = &TrustedSigners{
		Enabled:  ts.Enabled,
		Quantity: ts.Quantity,
		Items:    ts.Items,
	}
}

func convertTrustedKeyGroupsFromXML(tkg *TrustedKeyGroupsXML, result *DefaultCacheBehavior) {
	if tkg == nil {
		return
	}

	result.TrustedKeyGroups = &TrustedKeyGroups{
		Enabled:  tkg.Enabled,
		Quantity: tkg.Quantity,
		Items:    tkg.Items,
	}
}

func convertAliasesFromXML(aliases *AliasesXML) *Aliases {
	if aliases == nil {
		return nil
	}

	result := &Aliases{
		Quantity: aliases.Quantity,
	}

	if aliases.Items != nil {
		result.Items = aliases.Items.Items
	}

	return result
}

func convertViewerCertificateFromXML(cert *ViewerCertificateXML) *ViewerCertificate {
	if cert == nil {
		return &ViewerCertificate{
			CloudFrontDefaultCertificate: true,
			MinimumProtocolVersion:       "TLSv1",
		}
	}

	return &ViewerCertificate{
		CloudFrontDefaultCertificate: cert.CloudFrontDefaultCertificate,
		IAMCertificateID:             cert.IAMCertificateID,
		ACMCertificateArn:            cert.ACMCertificateArn,
		SSLSupportMethod:             cert.SSLSupportMethod,
		MinimumProtocolVersion:       cert.MinimumProtocolVersion,
	}
}

// convertLoggingFromXML drops Bucket and Prefix when logging is disabled, as
// CloudFront does.
func convertLoggingFromXML(logging *LoggingConfigXML) *LoggingConfig {
	if logging == nil {
		return nil
	}

	result := &LoggingConfig{Enabled: logging.Enabled, IncludeCookies: logging.IncludeCookies}
	if logging.Enabled {
		result.Bucket = logging.Bucket
		result.Prefix = logging.Prefix
	}

	return result
}

func convertPathsFromXML(paths *PathsXML) *Paths {
	if paths == nil {
		return nil
	}

	return &Paths{
		Quantity: paths.Quantity,
		Items:    paths.Items,
	}
}
