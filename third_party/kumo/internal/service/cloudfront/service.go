package cloudfront

import (
	"fmt"
	"io"
	"os"

	"github.com/sivchari/kumo/internal/service"
)

// Compile-time check that Service implements io.Closer.
var _ io.Closer = (*Service)(nil)

func init() {
	var opts []Option
	if dir := os.Getenv("KUMO_DATA_DIR"); dir != "" {
		opts = append(opts, WithDataDir(dir))
	}

	service.Register(New(NewMemoryStorage(opts...)))
}

// Service implements the CloudFront service.
type Service struct {
	storage   Storage
	edgeCache *edgeCache
}

// New creates a new CloudFront service.
func New(storage Storage) *Service {
	return &Service{
		storage:   storage,
		edgeCache: newEdgeCache(),
	}
}

// Name returns the service name.
func (s *Service) Name() string {
	return "cloudfront"
}

// RegisterRoutes registers the CloudFront routes.
func (s *Service) RegisterRoutes(r service.Router) {
	// Distribution operations.
	r.Handle("POST", "/2020-05-31/distribution", s.CreateDistribution)
	r.Handle("GET", "/2020-05-31/distribution", s.ListDistributions)
	r.Handle("GET", "/2020-05-31/distribution/{id}", s.GetDistribution)
	r.Handle("GET", "/2020-05-31/distribution/{id}/config", s.GetDistributionConfig)
	r.Handle("PUT", "/2020-05-31/distribution/{id}/config", s.UpdateDistribution)
	r.Handle("DELETE", "/2020-05-31/distribution/{id}", s.DeleteDistribution)

	// Invalidation operations.
	r.Handle("POST", "/2020-05-31/distribution/{id}/invalidation", s.CreateInvalidation)
	r.Handle("GET", "/2020-05-31/distribution/{id}/invalidation/{invalidationId}", s.GetInvalidation)

	// Tagging: TagResource and UntagResource share POST and are told apart by ?Operation.
	r.Handle("POST", "/2020-05-31/tagging", s.tagging)
	r.Handle("GET", "/2020-05-31/tagging", s.ListTagsForResource)

	// PublicKey + KeyGroup — building blocks for signed URL / signed cookie verification.
	r.Handle("POST", "/2020-05-31/public-key", s.CreatePublicKey)
	r.Handle("GET", "/2020-05-31/public-key", s.ListPublicKeys)
	r.Handle("GET", "/2020-05-31/public-key/{id}", s.GetPublicKey)
	r.Handle("DELETE", "/2020-05-31/public-key/{id}", s.DeletePublicKey)

	r.Handle("POST", "/2020-05-31/key-group", s.CreateKeyGroup)
	r.Handle("GET", "/2020-05-31/key-group", s.ListKeyGroups)
	r.Handle("GET", "/2020-05-31/key-group/{id}", s.GetKeyGroup)
	r.Handle("DELETE", "/2020-05-31/key-group/{id}", s.DeleteKeyGroup)

	// Origin access control — the signing policy of OAC-protected origins.
	r.Handle("POST", "/2020-05-31/origin-access-control", s.CreateOriginAccessControl)
	r.Handle("GET", "/2020-05-31/origin-access-control", s.ListOriginAccessControls)
	r.Handle("GET", "/2020-05-31/origin-access-control/{id}", s.GetOriginAccessControl)
	r.Handle("GET", "/2020-05-31/origin-access-control/{id}/config", s.GetOriginAccessControlConfig)
	r.Handle("PUT", "/2020-05-31/origin-access-control/{id}/config", s.UpdateOriginAccessControl)
	r.Handle("DELETE", "/2020-05-31/origin-access-control/{id}", s.DeleteOriginAccessControl)

	// Cache policy — custom cache key and TTL settings referenced by cache behaviors.
	r.Handle("POST", "/2020-05-31/cache-policy", s.CreateCachePolicy)
	r.Handle("GET", "/2020-05-31/cache-policy", s.ListCachePolicies)
	r.Handle("GET", "/2020-05-31/cache-policy/{id}", s.GetCachePolicy)
	r.Handle("GET", "/2020-05-31/cache-policy/{id}/config", s.GetCachePolicyConfig)
	r.Handle("PUT", "/2020-05-31/cache-policy/{id}", s.UpdateCachePolicy)
	r.Handle("DELETE", "/2020-05-31/cache-policy/{id}", s.DeleteCachePolicy)

	// Response headers policy — headers added to or removed from the responses of cache behaviors.
	r.Handle("POST", "/2020-05-31/response-headers-policy", s.CreateResponseHeadersPolicy)
	r.Handle("GET", "/2020-05-31/response-headers-policy", s.ListResponseHeadersPolicies)
	r.Handle("GET", "/2020-05-31/response-headers-policy/{id}", s.GetResponseHeadersPolicy)
	r.Handle("GET", "/2020-05-31/response-headers-policy/{id}/config", s.GetResponseHeadersPolicyConfig)
	r.Handle("PUT", "/2020-05-31/response-headers-policy/{id}", s.UpdateResponseHeadersPolicy)
	r.Handle("DELETE", "/2020-05-31/response-headers-policy/{id}", s.DeleteResponseHeadersPolicy)

	// Edge — proxies real requests through the cache layer.
	for _, method := range []string{"GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"} {
		r.Handle(method, "/kumo/cdn/{distributionId}/{path...}", s.Edge)
	}
}

// Close saves the storage state if persistence is enabled.
func (s *Service) Close() error {
	if c, ok := s.storage.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return fmt.Errorf("failed to close storage: %w", err)
		}
	}

	return nil
}

// Meta returns the service's documentation metadata.
func (s *Service) Meta() service.Meta {
	return service.Meta{
		Display:     "CloudFront",
		Category:    "Networking & Content Delivery",
		Description: "CDN",
	}
}
