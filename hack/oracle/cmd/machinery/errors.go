package main

import (
	"encoding/json"
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func init() {
	handlers["errors"] = errorCase
}

type errorInput struct {
	Ctor      string `json:"ctor"`
	Group     string `json:"group"`
	Resource  string `json:"resource"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Message   string `json:"message"`
	Verb      string `json:"verb"`
	Code      int    `json:"code"`
	Retry     int    `json:"retry"`
	Unexpect  bool   `json:"unexpected"`
	Wrap      bool   `json:"wrap"`
	Reason    string `json:"reason"`
	FieldErrs []struct {
		Type   string `json:"type"`
		Field  string `json:"field"`
		Value  any    `json:"value"`
		Detail string `json:"detail"`
	} `json:"fieldErrors"`
}

func buildError(in errorInput) error {
	gr := schema.GroupResource{Group: in.Group, Resource: in.Resource}
	gk := schema.GroupKind{Group: in.Group, Kind: in.Kind}
	cause := errors.New(in.Message)
	switch in.Ctor {
	case "not_found":
		return apierrors.NewNotFound(gr, in.Name)
	case "already_exists":
		return apierrors.NewAlreadyExists(gr, in.Name)
	case "generate_name_conflict":
		return apierrors.NewGenerateNameConflict(gr, in.Name, in.Retry)
	case "unauthorized":
		return apierrors.NewUnauthorized(in.Message)
	case "forbidden":
		return apierrors.NewForbidden(gr, in.Name, cause)
	case "conflict":
		return apierrors.NewConflict(gr, in.Name, cause)
	case "gone":
		return apierrors.NewGone(in.Message)
	case "resource_expired":
		return apierrors.NewResourceExpired(in.Message)
	case "invalid":
		var list field.ErrorList
		for _, fe := range in.FieldErrs {
			p := field.NewPath(fe.Field)
			switch fe.Type {
			case "required":
				list = append(list, field.Required(p, fe.Detail))
			case "invalid":
				list = append(list, field.Invalid(p, fe.Value, fe.Detail))
			case "not_supported":
				list = append(list, field.NotSupported(p, fe.Value, []string{"a", "b"}))
			case "forbidden":
				list = append(list, field.Forbidden(p, fe.Detail))
			case "duplicate":
				list = append(list, field.Duplicate(p, fe.Value))
			case "too_long":
				list = append(list, field.TooLong(p, fe.Value, 10))
			}
		}
		return apierrors.NewInvalid(gk, in.Name, list)
	case "bad_request":
		return apierrors.NewBadRequest(in.Message)
	case "too_many_requests":
		return apierrors.NewTooManyRequests(in.Message, in.Retry)
	case "service_unavailable":
		return apierrors.NewServiceUnavailable(in.Message)
	case "method_not_supported":
		return apierrors.NewMethodNotSupported(gr, in.Verb)
	case "server_timeout":
		return apierrors.NewServerTimeout(gr, in.Verb, in.Retry)
	case "server_timeout_for_kind":
		return apierrors.NewServerTimeoutForKind(gk, in.Verb, in.Retry)
	case "internal_error":
		return apierrors.NewInternalError(cause)
	case "timeout_error":
		return apierrors.NewTimeoutError(in.Message, in.Retry)
	case "too_many_requests_error":
		return apierrors.NewTooManyRequestsError(in.Message)
	case "request_entity_too_large_error":
		return apierrors.NewRequestEntityTooLargeError(in.Message)
	case "generic_server_response":
		return apierrors.NewGenericServerResponse(in.Code, in.Verb, gr, in.Name, in.Message, in.Retry, in.Unexpect)
	case "status":
		return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: int32(in.Code),
			Reason: metav1.StatusReason(in.Reason), Message: in.Message}}
	case "plain":
		return errors.New(in.Message)
	}
	fail(fmt.Errorf("unknown constructor %q", in.Ctor))
	return nil
}

func errorCase(raw json.RawMessage) any {
	var in errorInput
	mustDecode(raw, &in)
	err := buildError(in)
	out := map[string]any{}
	if se, ok := err.(*apierrors.StatusError); ok {
		s := se.ErrStatus
		status := map[string]any{"status": s.Status, "code": s.Code, "reason": string(s.Reason), "message": s.Message,
			"details": nil}
		if s.Details != nil {
			causes := []any{}
			for _, c := range s.Details.Causes {
				causes = append(causes, []string{string(c.Type), c.Message, c.Field})
			}
			status["details"] = map[string]any{"group": s.Details.Group, "kind": s.Details.Kind,
				"name": s.Details.Name, "retryAfterSeconds": s.Details.RetryAfterSeconds, "causes": causes}
		}
		out["status"] = status
	}
	if in.Wrap {
		err = fmt.Errorf("outer context: %w", err)
	}
	out["error"] = err.Error()
	out["reason"] = string(apierrors.ReasonForError(err))
	delay, ok := apierrors.SuggestsClientDelay(err)
	out["delay"] = []any{delay, ok}
	out["predicates"] = map[string]bool{
		"not_found": apierrors.IsNotFound(err), "already_exists": apierrors.IsAlreadyExists(err),
		"conflict": apierrors.IsConflict(err), "invalid": apierrors.IsInvalid(err), "gone": apierrors.IsGone(err),
		"resource_expired": apierrors.IsResourceExpired(err), "not_acceptable": apierrors.IsNotAcceptable(err),
		"unsupported_media_type": apierrors.IsUnsupportedMediaType(err),
		"method_not_supported":   apierrors.IsMethodNotSupported(err),
		"service_unavailable":    apierrors.IsServiceUnavailable(err), "bad_request": apierrors.IsBadRequest(err),
		"unauthorized": apierrors.IsUnauthorized(err), "forbidden": apierrors.IsForbidden(err),
		"timeout": apierrors.IsTimeout(err), "server_timeout": apierrors.IsServerTimeout(err),
		"internal_error": apierrors.IsInternalError(err), "too_many_requests": apierrors.IsTooManyRequests(err),
		"request_entity_too_large_error": apierrors.IsRequestEntityTooLargeError(err),
		"unexpected_server_error":        apierrors.IsUnexpectedServerError(err),
		"store_read_error":               apierrors.IsStoreReadError(err),
	}
	return out
}
