import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type AttachmentView } from '../api/client';
import { requestKeys, retryUnlessClientError } from '../requests/request-queries';

export const attachmentKeys = {
  of: (requestId: string) => ['attachments', requestId] as const,
};

/** The request's files the caller may see (the server decides; hidden ones are simply absent). */
export function useAttachments(requestId: string, enabled = true) {
  return useQuery({
    queryKey: attachmentKeys.of(requestId),
    queryFn: async () =>
      (await unwrap(api.GET('/api/requests/{id}/attachments', { params: { path: { id: requestId } } }))).items,
    enabled,
    retry: retryUnlessClientError,
  });
}

/** After a file comes or goes, the list, the request (its history) and its timeline are read again. */
export function useRefreshAfterFileChange() {
  const client = useQueryClient();
  return (requestId: string) =>
    Promise.all([
      client.invalidateQueries({ queryKey: attachmentKeys.of(requestId) }),
      client.invalidateQueries({ queryKey: requestKeys.timeline(requestId) }),
    ]);
}

/** A draft's file, deleted by its author. */
export function useDeleteAttachment() {
  const refresh = useRefreshAfterFileChange();
  return useMutation({
    mutationFn: async (file: AttachmentView) => {
      await unwrap(api.DELETE('/api/attachments/{id}', { params: { path: { id: file.id } } }));
      return file;
    },
    onSuccess: (file) => refresh(file.requestId),
  });
}

/** A submitted request's file, withdrawn (kept for auditors, hidden from everyone else). */
export function useWithdrawAttachment() {
  const refresh = useRefreshAfterFileChange();
  return useMutation({
    mutationFn: ({ file, reason }: { file: AttachmentView; reason: string }) =>
      unwrap(api.POST('/api/attachments/{id}/withdraw', { params: { path: { id: file.id } }, body: { reason } })),
    onSuccess: (file) => refresh(file.requestId),
  });
}
