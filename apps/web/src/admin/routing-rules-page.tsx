import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../common/error-alert';
import { Page } from '../common/page';
import { useI18n } from '../i18n/i18n';
import { useRuleVersions } from './admin-queries';

/** Every published version of the routing rules, newest (in force) first. */
export function RoutingRulesPage() {
  const { t, dateTime } = useI18n();
  const versions = useRuleVersions();
  return (
    <Page title={t('rules.title')}>
      <Text size="sm">{t('rules.intro')}</Text>
      {versions.isError && <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.isPending ? (
        <Text c="dimmed">{t('app.loading')}</Text>
      ) : (
        versions.data && (
          <Table.ScrollContainer minWidth={700}>
            <Table striped verticalSpacing="xs">
              <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
                {t('rules.versions', { count: versions.data.items.length })}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('rules.version')}</Table.Th>
                  <Table.Th scope="col">{t('rules.publishedAt')}</Table.Th>
                  <Table.Th scope="col">{t('rules.publishedBy')}</Table.Th>
                  <Table.Th scope="col">{t('rules.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {versions.data.items.map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Anchor component={Link} to={`/routing-rules/${v.version}`} fw={600}>
                        {t('routing.version', { version: v.version })}
                      </Anchor>
                      {v.version === versions.data.current && (
                        <Badge ml="xs" size="sm" variant="light" color="green" tt="none" c="dark.9">
                          {t('rules.inForce')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <time dateTime={v.createdAt}>{dateTime(v.createdAt)}</time>
                    </Table.Td>
                    <Table.Td>{v.createdBy === 'seed' ? t('rules.seed') : (v.createdBy ?? t('common.none'))}</Table.Td>
                    <Table.Td>{v.note ?? t('common.none')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
    </Page>
  );
}
