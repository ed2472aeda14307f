/**
 * Alibaba Cloud ACK Backup Center (the migrate-controller component in the csdr namespace): the error texts of
 * backup, StorageClass conversion and restore tasks, and of the console, with their causes and remedies.
 * @see https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/faq-about-the-backup-center
 */
import type { ExternalCommand, ExternalEntry } from '../types.ts';

/** The Backup Center FAQ (seed 002 is its Japanese edition). */
export const ACK_DOCS = 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/faq-about-the-backup-center';
/** Monitoring the Backup Center and configuring alarms. */
export const ACK_MONITOR_DOCS =
  'https://www.alibabacloud.com/help/en/ack/distributed-cloud-container-platform-for-kubernetes/user-guide/monitor-the-backup-center-and-configure-alarms';
const SEED = 'seeds/002_1bcd1d70d5eff254.txt';
const JSON_FILE = 'multicloud/ack-errors.json';
const s = (section: string): string => `${SEED} § ${section}`;

const FAILED_INTERNAL = s('タスクのステータスが [Failed] になり、「internal error」エラーが返される');
const CREATE_TIMEOUT = s('タスクのステータスが [Failed] になり、「create cluster resources timeout」エラーが返される');
const ADDON = s('タスクのステータスが [Failed] になり、「addon status is abnormal」エラーが返される');
const VAULT = s('タスクのステータスが [Failed] になり、「VaultError: xxx」エラーが返される');
const HBR_VAULT = s('タスクのステータスが [Failed] になり、「HBRError: check HBR vault error」エラーが返される');
const HBR_400 = s('タスクのステータスが [Failed] になり、「HBRError: ... code: 400, Illegal request. Please modify the parameters」エラーが返される');
const CLIENT = s('タスクのステータスが [Failed] になり、「hbr task finished with unexpected status: FAILED, errMsg ClientNotExist」エラーが返される');
const IN_PROGRESS = s('タスクが長時間 [InProgress] 状態のままになる');
const EXISTS = s('バックアップタスクのステータスが [Failed] になり、「backup already exists in OSS bucket」エラーが返される');
const NAMESPACE = s('バックアップタスクのステータスが [Failed] になり、「get target namespace failed」エラーが返される');
const VELERO_TIMEOUT = s('バックアップタスクのステータスが [Failed] になり、「velero backup process timeout」エラーが返される');
const HBR_REQUEST = s('バックアップタスクのステータスが [Failed] になり、「HBR backup request failed」エラーが返される');
const SOURCE = s('バックアップタスクのステータスが [Failed] になり、hbr task finished with unexpected status: FAILED, errMsg SOURCE_NOT_EXIST」エラーが返される');
const OSS_FILES = s('バックアップタスクのステータスが [Failed] になり、「check backup files in OSS bucket failed」、「upload backup files to OSS bucket failed」、または「download backup files from OSS bucket failed」エラーが返される');
const VELERO_PARTIAL = s('バックアップタスクのステータスが [PartiallyFailed] になり、「PROCESS velero partially completed」エラーが返される');
const HBR_PARTIAL = s('バックアップタスクのステータスが [PartiallyFailed] になり、「PROCESS hbr partially completed」エラーが返される');
const SC_MISSING = s('ストレージクラス変換タスクのステータスが [Failed] になり、「storageclass xxx not exists」エラーが返される');
const SC_PROVISIONER = s('ストレージクラス変換タスクのステータスが [Failed] になり、「only support convert to storageclass with CSI diskplugin or nasplugin provisioner」エラーが返される');
const MULTI_ZONE = s('ストレージクラス変換タスクのステータスが [Failed] になり、「current cluster is multi-zoned」エラーが返される');
const MULTI_NODE = s('復元タスクのステータスが [Failed] になり、「multi-node writing is only supported for block volume」エラーが返される');
const DISK_ONLY = s('復元タスクのステータスが [Failed] になり、「only disk type PVs support cross-region restore in current version」エラーが返される');
const ECS_CROSS = s('復元タスクのステータスが [Failed] になり、「ECS snapshot cross region request failed」エラーが返される');
const ACCESS_MODE = s('復元タスクのステータスが [Failed] になり、「accessMode of PVC xxx is xxx」エラーが返される');
const GET_MESSAGES = s('エラーメッセージの取得');
const COMPLETED_MISSING = s('復元タスクのステータスは [Completed] だが、一部のリソースが復元クラスターに作成されない');
const COMPONENT = s('コンソールに「動作中のコンポーネントは異常です」または「現在のデータのフェッチに失敗しました」と表示される');
const NAME_USED = s('コンソールに「名前が既に使用されています。名前を変更して再試行してください」というエラーが表示される');
const ROLE = s('コンソールに「現在のコンポーネントに必要なサービスロールが承認されていません」と表示される');
const RBAC = s('コンソールに「現在のアカウントには、この操作に必要なクラスター RBAC 権限が付与されていません」と表示される');
const TERMINATING = s('バックアップセンターコンポーネントのアップグレードまたはアンインストールに失敗する');
const FLEXVOLUME = s('FlexVolume を使用するクラスターの migrate-controller コンポーネントが起動できない');

const DESCRIBE_TASK: ExternalCommand = {
  command: 'kubectl -n csdr describe <applicationbackup/converttosnapshot/applicationrestore> <task-name>',
  source: `${CREATE_TIMEOUT}, step 1`,
};
const CSDR_PODS: ExternalCommand = { command: 'kubectl get pod -n csdr', source: `${IN_PROGRESS} 原因 1, step 1` };
const CSDR_POD_DESCRIBE: ExternalCommand = { command: 'kubectl describe pod <pod-name> -n csdr', source: `${IN_PROGRESS} 原因 1, step 2` };
const VELERO_DESCRIBE_BACKUP: ExternalCommand = {
  command: "kubectl -n csdr exec -it $(kubectl -n csdr get pod -l component=csdr | tail -n 1 | cut -d ' ' -f1) -- ./velero describe backup <backup-name>",
  source: VELERO_PARTIAL,
};
const RESET_CONVERT: ExternalCommand = {
  command:
    'cat << EOF | kubectl apply -f -\napiVersion: csdr.alibabacloud.com/v1beta1\nkind: DeleteRequest\nmetadata:\n  name: reset-convert\n  namespace: csdr\nspec:\n  deleteObjectName: "<backup-name>"\n  deleteObjectType: "Convert"\nEOF',
  source: `${SC_MISSING}, step 1`,
};
const HBR_JOB_CONSOLE = {
  en: 'In the Cloud Backup console, choose Backup > Container Backup > Backup Jobs, select the region, search the job name <backup-name>-hbr and read its status and reason.',
  ja: 'Cloud Backup コンソールで [バックアップ] > コンテナーのバックアップ > [バックアップジョブ] タブを開き、リージョンを選択し、[ジョブ名] で <backup-name>-hbr を検索して、ジョブのステータスと理由を確認します。',
};
const SNAPSHOT_PERMISSIONS = {
  en: 'Grant the ECS disk snapshot permissions: on an ACK managed cluster, the AliyunCSManagedBackupRestoreRole role must hold the hbr:, ecs: and oss: actions the FAQ lists; on an ACK dedicated cluster, the Master RAM role\'s k8sMasterRolePolicy-Csi-*** policy must.',
  ja: 'ECS ディスクスナップショットの権限を付与します。ACK マネージドクラスターでは AliyunCSManagedBackupRestoreRole ロールに、ACK 専用クラスターではマスター RAM ロールの k8sMasterRolePolicy-Csi-*** ポリシーに、FAQ に記載の hbr:、ecs:、oss: の権限が含まれている必要があります。',
};

/** The ACK catalog. */
export const ackEntries: readonly ExternalEntry[] = [
  {
    id: 'ack-component-abnormal',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\b(?:The working component is abnormal|Failed to fetch current data|The components are abnormal|Failed to retrieve the data)\b/i,
    confidence: 0.85,
    title: { en: 'The Backup Center component is not installed correctly', ja: 'バックアップセンターコンポーネントが正しくインストールされていない' },
    cause: { en: 'The Backup Center component was not installed correctly.', ja: 'バックアップセンターコンポーネントが正しくインストールされていませんでした。' },
    remedy: {
      en: 'Check that the cluster has nodes; switch a FlexVolume cluster to CSI; with kubectl, check the YAML; on ACK dedicated or registered clusters check the required permissions; check whether the csdr-controller and csdr-velero deployments in csdr failed for resource or scheduling limits.',
      ja: 'クラスターにノードが存在するか確認します。FlexVolume を使用している場合は CSI に切り替えます。kubectl を使用する場合は YAML 構成を確認します。ACK 専用クラスターまたは登録済みクラスターでは必要な権限を確認します。csdr 名前空間の csdr-controller および csdr-velero がリソースまたはスケジューリングの制限でデプロイに失敗していないか確認します。',
    },
    commands: [CSDR_PODS],
    docs: ACK_DOCS,
    cites: COMPONENT,
    covers: ['The working component is abnormal / Failed to fetch current data'],
    samples: [
      { text: 'The working component is abnormal', source: JSON_FILE },
      { text: 'Failed to fetch current data', source: JSON_FILE },
      { text: 'The components are abnormal', source: JSON_FILE },
      { text: 'Failed to retrieve the data', source: JSON_FILE },
    ],
  },
  {
    id: 'ack-name-in-use',
    source: 'ack',
    category: 'resource-state',
    pattern: /The name has been used\. Change the name and try again|deleterequests\.csdr\.alibabacloud\.com "[^"\n]{1,253}" already exists/i,
    confidence: 0.9,
    title: { en: 'A resource left over from a deleted task holds the name', ja: '削除したタスクの残りのリソースが名前を使用している' },
    cause: {
      en: 'Deleting a task creates a deleterequest resource; when its processing went wrong, resources with the same name were left in the cluster.',
      ja: 'コンソールでタスクを削除すると deleterequest リソースが作成されます。その処理中に削除が正しく行われなかったため、同じ名前のリソースがクラスターに残っています。',
    },
    remedy: {
      en: 'Delete the resource named in the message (for example deleterequests.csdr.alibabacloud.com "xxxxx-dbr"), or create the task under a new name.',
      ja: 'メッセージに示された同じ名前のリソース (例: deleterequests.csdr.alibabacloud.com "xxxxx-dbr") を削除するか、新しい名前でタスクを作成します。',
    },
    commands: [{ command: 'kubectl -n csdr delete deleterequests xxxxx-dbr', source: NAME_USED }],
    docs: ACK_DOCS,
    cites: NAME_USED,
    covers: ['The name has been used. Change the name and try again'],
    samples: [
      { text: 'The name has been used. Change the name and try again', source: JSON_FILE },
      { text: 'deleterequests.csdr.alibabacloud.com "xxxxx-dbr" already exists', source: NAME_USED },
    ],
  },
  {
    id: 'ack-service-role-not-authorized',
    source: 'ack',
    category: 'iam-permission',
    code: 'AddonRoleNotAuthorized',
    pattern: /The service role required by the current component has not been authorized/i,
    confidence: 0.95,
    title: { en: 'The service role AliyunCSManagedBackupRestoreRole has not been authorized', ja: 'サービスロール AliyunCSManagedBackupRestoreRole が承認されていない' },
    cause: {
      en: 'migrate-controller 1.8.0 changed how ACK managed clusters authenticate to cloud resources; the first install or upgrade to it needs the Alibaba Cloud account to authorize the service role.',
      ja: 'migrate-controller 1.8.0 で ACK マネージドクラスターのクラウドリソース認証ロジックが変更されました。このバージョンを初めてインストールまたはアップグレードする場合、Alibaba Cloud アカウントによるサービスロールの承認が必要です。',
    },
    remedy: {
      en: 'Signed in as the Alibaba Cloud account, click Authorize. As a RAM user, click Copy Authorization Link and send it to the Alibaba Cloud account.',
      ja: 'Alibaba Cloud アカウントでログインしている場合は [承認] をクリックします。RAM ユーザーの場合は [承認リンクのコピー] をクリックし、リンクを Alibaba Cloud アカウントに送信して承認を依頼します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: ROLE,
    covers: ['The service role required by the current component has not been authorized', 'AddonRoleNotAuthorized'],
    samples: [
      { text: 'The service role required by the current component has not been authorized', source: JSON_FILE },
      { text: 'AddonRoleNotAuthorized', source: ROLE },
    ],
  },
  {
    id: 'ack-console-rbac-missing',
    source: 'ack',
    category: 'iam-permission',
    code: 'APISERVER.403',
    pattern: /has not been granted the cluster RBAC permissions required for this operation/i,
    confidence: 0.95,
    title: { en: 'The account lacks the cluster RBAC permissions the Backup Center needs', ja: 'アカウントにバックアップセンターに必要なクラスター RBAC 権限がない' },
    cause: {
      en: 'The console talks to the API server; the default O&M engineer and developer permission lists lack some permissions the Backup Center component needs.',
      ja: 'コンソールは API サーバーと対話します。クラスターの O&M エンジニアおよび開発者向けのデフォルトの権限リストには、バックアップセンターコンポーネントに必要な一部の権限が含まれていません。',
    },
    remedy: {
      en: 'Grant Backup Center operators a ClusterRole (csdr-console) with every verb on csdr.alibabacloud.com and velero.io, and get/list on namespaces and storage classes.',
      ja: 'バックアップセンターのオペレーターに、csdr.alibabacloud.com と velero.io のすべての verbs、namespaces と storageclasses の get/list を持つ ClusterRole (csdr-console) を付与します。',
    },
    commands: [],
    snippet: {
      command:
        'kind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata:\n  name: csdr-console\nrules:\n  - apiGroups: ["csdr.alibabacloud.com","velero.io"]\n    resources: [\'*\']\n    verbs: ["get","create","delete","update","patch","watch","list","deletecollection"]\n  - apiGroups: [""]\n    resources: ["namespaces"]\n    verbs: ["get","list"]\n  - apiGroups: ["storage.k8s.io"]\n    resources: ["storageclasses"]\n    verbs: ["get","list"]',
      source: RBAC,
    },
    docs: ACK_DOCS,
    cites: RBAC,
    covers: ['The current account has not been granted the cluster RBAC permissions required for this operation. Contact the primary account or permission administrator for authorization.', 'APISERVER.403'],
    samples: [
      {
        text: 'The current account has not been granted the cluster RBAC permissions required for this operation. Contact the primary account or permission administrator for authorization.',
        source: JSON_FILE,
      },
      { text: 'APISERVER.403', source: JSON_FILE },
    ],
  },
  {
    id: 'ack-csdr-namespace-terminating',
    source: 'ack',
    category: 'resource-state',
    pattern: /\bcsdr namespace remains in the Terminating state\b/i,
    confidence: 0.8,
    title: { en: 'The csdr namespace is stuck in Terminating: leftover jobs hold finalizers', ja: 'csdr 名前空間が Terminating のまま: 残ったジョブの finalizers が削除を妨げている' },
    cause: {
      en: 'The component exited abnormally during an operation and left InProgress jobs in csdr whose finalizers block the namespace\'s deletion.',
      ja: 'バックアップセンターコンポーネントが操作中に異常終了し、csdr 名前空間に InProgress 状態のジョブが残りました。これらのジョブの finalizers がリソースの削除を妨げています。',
    },
    remedy: {
      en: 'See why csdr is Terminating, confirm the stuck jobs are no longer needed and remove their finalizers; once csdr is gone, reinstall migrate-controller (upgrade) or consider it uninstalled.',
      ja: 'csdr 名前空間が Terminating 状態にある理由を確認し、スタックしたジョブが不要であることを確認して finalizers を削除します。csdr 名前空間が削除されたら、アップグレードの場合は migrate-controller を再インストールします。',
    },
    commands: [{ command: 'kubectl describe ns csdr', source: TERMINATING }],
    docs: ACK_DOCS,
    cites: TERMINATING,
    covers: ['csdr namespace remains in the Terminating state (backup center component fails to be upgraded or uninstalled)'],
    samples: [{ text: 'csdr namespace remains in the Terminating state (backup center component fails to be upgraded or uninstalled)', source: JSON_FILE }],
  },
  {
    id: 'ack-internal-error',
    source: 'ack',
    category: 'service-internal',
    pattern: /\binternal error\b/i,
    confidence: 0.6,
    title: { en: 'The component or the underlying cloud service hit an unexpected exception', ja: 'コンポーネントまたは基盤のクラウドサービスで予期しない例外が発生した' },
    cause: {
      en: 'The component or the underlying cloud service hit an unexpected exception; for example, the cloud service may not be available in the region.',
      ja: 'コンポーネントまたは基盤となるクラウドサービスで予期しない例外が発生しました。たとえば、現在のリージョンでクラウドサービスが利用できない可能性があります。',
    },
    remedy: {
      en: 'If the message is "HBR backup/restore internal error", check in the Cloud Backup console whether container backup is available in the region.',
      ja: 'エラーメッセージが「HBR backup/restore internal error」の場合は、Cloud Backup コンソールでコンテナーバックアップ機能が利用可能かどうかを確認してください。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: FAILED_INTERNAL,
    covers: ['internal error'],
    samples: [
      { text: 'internal error', source: JSON_FILE },
      { text: 'HBR backup/restore internal error', source: FAILED_INTERNAL },
    ],
  },
  {
    id: 'ack-create-cluster-resources-timeout',
    source: 'ack',
    category: 'resource-state',
    pattern: /\bcreate cluster resources timeout\b|\bfor convertion bound time out\b/i,
    confidence: 0.85,
    title: { en: 'Temporary pods or volumes of the conversion or restore never became available', ja: '変換または復元の一時的な Pod やボリュームが利用可能にならなかった' },
    cause: {
      en: 'StorageClass conversion and restore create temporary pods, PVCs and PVs; they stayed unavailable, commonly because cluster or node resources are short, the restore cluster lacks the storage class, or the CNFS behind alibabacloud-cnfs-nas is abnormal.',
      ja: 'ストレージクラス変換または復元中に一時的な Pod、PVC、PV が作成されますが、長時間利用できないままでした。主な原因は、クラスターやノードのリソース不足または異常、復元クラスターにストレージクラスがないこと、alibabacloud-cnfs-nas の CNFS の異常などです。',
    },
    remedy: {
      en: 'Find the abnormal resource from the task\'s events, then describe the PVC it names and fix the storage cause (for example, convert to a storage class that exists).',
      ja: 'タスクのイベントから異常なリソースを特定し、示された PVC の状態を確認して、ストレージ側の原因 (存在するストレージクラスへの変換など) を解決します。',
    },
    commands: [DESCRIBE_TASK, { command: 'kubectl -ndefault describe pvc demo-pvc-for-convert202311151045', source: `${CREATE_TIMEOUT}, step 2` }],
    docs: ACK_DOCS,
    cites: CREATE_TIMEOUT,
    covers: ['create cluster resources timeout'],
    samples: [
      { text: 'create cluster resources timeout', source: JSON_FILE },
      { text: '……wait for created tmp pvc default/demo-pvc-for-convert202311151045 for convertion bound time out', source: CREATE_TIMEOUT },
    ],
  },
  {
    id: 'ack-addon-abnormal',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\baddon status is abnormal\b/i,
    confidence: 0.9,
    title: { en: 'The Backup Center components in csdr are abnormal', ja: 'csdr 名前空間のバックアップセンターコンポーネントが異常' },
    cause: { en: 'The components in the csdr namespace are abnormal (for example restarting after OOM, or failing to start without Cloud Backup permissions or token).', ja: 'csdr 名前空間のコンポーネントが異常です (OOM による再起動や、Cloud Backup の権限・トークンがなく起動できないなど)。' },
    remedy: {
      en: 'Check whether the csdr components restart or fail to start, and why; for OOM add --disable-informer-cache=true to migrate-controller\'s args or raise the memory limits of csdr-controller / csdr-velero.',
      ja: 'csdr 名前空間のコンポーネントが再起動しているか起動できないか、その理由を確認します。OOM の場合は migrate-controller の args に --disable-informer-cache=true を追加するか、csdr-controller / csdr-velero のメモリ Limit を引き上げます。',
    },
    commands: [CSDR_PODS, CSDR_POD_DESCRIBE, { command: 'kubectl -nkube-system edit deploy migrate-controller', source: `${IN_PROGRESS} 原因 1 (OOM)` }],
    docs: ACK_DOCS,
    cites: ADDON,
    covers: ['addon status is abnormal'],
    samples: [{ text: 'addon status is abnormal', source: JSON_FILE }],
  },
  {
    id: 'ack-vault-oss-access-denied',
    source: 'ack',
    category: 'iam-permission',
    pattern: /VaultError: backup vault is unavailable: oss: service returned error: StatusCode=403, ErrorCode=AccessDenied/i,
    confidence: 0.95,
    title: { en: 'The backup vault cannot use its OSS bucket: OSS denied access', ja: 'バックアップボールトが OSS バケットを使用できない: OSS がアクセスを拒否した' },
    cause: { en: 'The cluster does not have the permissions to access the OSS bucket of the backup vault.', ja: 'クラスターにバックアップボールトの OSS バケットにアクセスする権限がありません。' },
    remedy: {
      en: 'ACK Pro managed clusters need no extra OSS permission as long as the bucket is named cnfs-oss-*; ACK dedicated and registered clusters must be granted OSS permissions. On a managed cluster whose component was installed without the console (v1.8.0+), check for the addon token secret, and otherwise authorize AliyunCSManagedBackupRestoreRole.',
      ja: 'ACK Pro マネージドクラスターでは、OSS バケット名が cnfs-oss-** で始まる限り OSS 権限の設定は不要です。ACK 専用クラスターと登録済みクラスターでは OSS 権限を設定する必要があります。コンソールを使用せずに v1.8.0 以降をインストールしたマネージドクラスターでは、トークンのシークレットを確認し、ない場合は AliyunCSManagedBackupRestoreRole を承認します。',
    },
    commands: [{ command: 'kubectl get secret -n kube-system | grep addon.aliyuncsmanagedbackuprestorerole.token', source: `${VAULT}, step 2` }],
    docs: ACK_DOCS,
    cites: `${VAULT}; ${ACK_MONITOR_DOCS}-through-prometheus`,
    covers: ['VaultError: backup vault is unavailable: oss: service returned error: StatusCode=403, ErrorCode=AccessDenied, ErrorMessage="The bucket you access does not belong to you.", RequestId=668516BC35F915******'],
    samples: [
      {
        text: 'VaultError: backup vault is unavailable: oss: service returned error: StatusCode=403, ErrorCode=AccessDenied, ErrorMessage="The bucket you access does not belong to you.", RequestId=668516BC35F915******',
        source: `${ACK_MONITOR_DOCS}-through-prometheus`,
      },
    ],
  },
  {
    id: 'ack-vault-unavailable',
    source: 'ack',
    category: 'resource-not-found',
    pattern: /\bVaultError: backup vault is unavailable\b/i,
    confidence: 0.75,
    title: { en: 'The backup vault is unavailable: its OSS bucket is missing, not permitted or unreachable', ja: 'バックアップボールトが利用できない: OSS バケットが存在しない、権限がない、または到達できない' },
    cause: {
      en: 'The OSS bucket does not exist, the cluster has no permission to access OSS, or the bucket\'s network is unreachable.',
      ja: '指定された OSS バケットが存在しない、クラスターに OSS にアクセスする権限がない、または OSS バケットネットワークに到達できません。',
    },
    remedy: {
      en: 'In the OSS console check that the bucket exists (create and re-associate it if not); check the cluster\'s OSS permissions; check the vault\'s network: across regions, on ACK Edge, or on a registered cluster without a route to the internal OSS CIDR, switch backuplocation and backupstoragelocation to public access.',
      ja: 'OSS コンソールでバケットが存在するか確認し (存在しない場合は作成して再関連付け)、クラスターの OSS 権限を確認し、ネットワーク構成を確認します。リージョンが異なる場合、ACK Edge クラスター、内部 OSS CIDR へのルートがない登録済みクラスターでは、backuplocation と backupstoragelocation をパブリックネットワークアクセスに変更します。',
    },
    commands: [
      { command: 'kubectl get secret -n kube-system | grep addon.aliyuncsmanagedbackuprestorerole.token', source: `${VAULT}, step 2` },
      { command: 'kubectl get backuplocation <backuplocation-name> -n csdr -o yaml | grep network', source: `${VAULT}, step 3` },
      {
        command: 'kubectl patch -n csdr backuplocation/<backuplocation-name> --type=\'json\' -p   \'[{"op":"add","path":"/spec/config","value":{"network":"public","region":"<region-id>"}}]\'',
        source: `${VAULT}, step 3`,
      },
      {
        command: 'kubectl patch -n csdr backupstoragelocation/<backuplocation-name> --type=\'json\' -p   \'[{"op":"add","path":"/spec/config","value":{"network":"public","region":"<region-id>"}}]\'',
        source: `${VAULT}, step 3`,
      },
    ],
    docs: ACK_DOCS,
    cites: VAULT,
    covers: ['VaultError: backup vault is unavailable: xxx'],
    samples: [{ text: 'VaultError: backup vault is unavailable: xxx', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-vault-check-failed',
    source: 'ack',
    category: 'iam-permission',
    pattern: /\bHBRError: check HBR vault error\b/i,
    confidence: 0.9,
    title: { en: 'Cloud Backup is not activated or lacks the required permissions', ja: 'Cloud Backup がアクティベートされていないか、必要な権限がない' },
    cause: { en: 'Cloud Backup is not activated or lacks the required permissions.', ja: 'Cloud Backup がアクティベートされていないか、必要な権限がありません。' },
    remedy: {
      en: 'Activate Cloud Backup; in regions such as China (Ulanqab), China (Heyuan) and China (Guangzhou) also authorize Cloud Backup to access API Gateway; on ACK dedicated or registered clusters grant the Cloud Backup RAM permissions.',
      ja: 'Cloud Backup サービスを有効にします。中国 (ウランチャブ)、中国 (河源)、中国 (広州) などのリージョンでは Cloud Backup に API Gateway へのアクセスも承認します。ACK 専用クラスターまたは登録済みクラスターでは、Cloud Backup の RAM 権限を付与します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: HBR_VAULT,
    covers: ['HBRError: check HBR vault error'],
    samples: [{ text: 'HBRError: check HBR vault error', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-repository-deleted',
    source: 'ack',
    category: 'resource-not-found',
    pattern: /\bcode: 400, Illegal request\. Please modify the parameters\b/i,
    confidence: 0.9,
    title: { en: 'The ack-backup-data repository of Cloud Backup in this region was deleted', ja: 'このリージョンの Cloud Backup の ack-backup-data リポジトリが削除された' },
    cause: {
      en: 'The Cloud Backup repository ack-backup-data of the cluster\'s region, which the component created for the first backup there, was deleted. Backups stored in it cannot be restored.',
      ja: '失敗したタスクのクラスターのリージョンで、コンポーネントが最初のバックアップ時に作成した Cloud Backup の ack-backup-data リポジトリが削除されました。作成済みのバックアップは復元できません。',
    },
    remedy: {
      en: 'In every cluster that uses the Backup Center in the region, clear the initialised backup vault records; then create a backup, and the component creates ack-backup-data again.',
      ja: '現在のリージョンでバックアップセンターを使用しているすべてのクラスターで、初期化されたバックアップボールトのレコードをクリアし、バックアップを作成します。コンポーネントが ack-backup-data リポジトリを自動的に作成します。',
    },
    commands: [
      { command: 'kubectl -ncsdr delete backuplocation --all', source: `${HBR_400}, step 1` },
      { command: 'kubectl -ncsdr delete backupstoragelocation --all', source: `${HBR_400}, step 1` },
    ],
    docs: ACK_DOCS,
    cites: HBR_400,
    covers: ['HBRError: ... code: 400, Illegal request. Please modify the parameters'],
    samples: [{ text: 'HBRError: ... code: 400, Illegal request. Please modify the parameters', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-client-not-exist',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\berrMsg ClientNotExist\b/i,
    confidence: 0.95,
    title: { en: 'The Cloud Backup client (hbr-client) is not running on the node', ja: 'ノード上の Cloud Backup クライアント (hbr-client) が正常に動作していない' },
    cause: {
      en: 'The Cloud Backup client is abnormally deployed on the node: the hbr-client DaemonSet replica in csdr is not healthy.',
      ja: '対応するノード上の Cloud Backup クライアントが異常にデプロイされています。csdr 名前空間の hbr-client DaemonSet のレプリカが異常です。',
    },
    remedy: {
      en: 'Look for abnormal hbr-client pods; check for short IP addresses, memory or CPU; for CrashLoopBackOff read the previous logs. If they show MagpieBridgeSlrNotExist, authorize Cloud Backup to access API Gateway.',
      ja: '異常な hbr-client Pod があるか確認し、IP アドレス、メモリ、CPU の不足を確認します。CrashLoopBackOff の場合は前回のログを確認し、MagpieBridgeSlrNotExist が含まれていれば Cloud Backup に API Gateway へのアクセスを承認します。',
    },
    commands: [
      { command: 'kubectl -n csdr get pod -lapp=hbr-client', source: `${CLIENT}, step 1` },
      { command: 'kubectl -n csdr logs -p <hbr-client-pod-name>', source: `${CLIENT}, step 2` },
    ],
    docs: ACK_DOCS,
    cites: CLIENT,
    covers: ['hbr task finished with unexpected status: FAILED, errMsg ClientNotExist'],
    samples: [{ text: 'hbr task finished with unexpected status: FAILED, errMsg ClientNotExist', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-magpie-bridge-role-missing',
    source: 'ack',
    category: 'iam-permission',
    pattern: /\bMagpieBridgeSlrNotExist\b|AliyunServiceRoleForHbrMagpieBridge doesn't exist/i,
    confidence: 0.95,
    title: { en: 'Cloud Backup is not authorized to access API Gateway (AliyunServiceRoleForHbrMagpieBridge is missing)', ja: 'Cloud Backup が API Gateway へのアクセスを承認されていない (AliyunServiceRoleForHbrMagpieBridge がない)' },
    cause: { en: 'The service-linked role AliyunServiceRoleForHbrMagpieBridge does not exist, so the hbr-client cannot start.', ja: 'サービスリンクロール AliyunServiceRoleForHbrMagpieBridge が存在しないため、hbr-client が起動できません。' },
    remedy: {
      en: 'Authorize Cloud Backup to access API Gateway ("(Optional) Step 3" of the migrate-controller installation), which creates the role.',
      ja: '「(オプション) ステップ 3:Cloud Backup が API Gateway にアクセスすることを承認する」に従って、Cloud Backup に権限を付与します。',
    },
    commands: [{ command: 'kubectl -n csdr logs -p <hbr-client-pod-name>', source: `${CLIENT}, step 2` }],
    docs: ACK_DOCS,
    cites: `${CLIENT}, step 2`,
    covers: ["SDKError:\\n StatusCode: 403\\n Code: MagpieBridgeSlrNotExist\\n Message: code: 403, AliyunServiceRoleForHbrMagpieBridge doesn't exist, please create this role. "],
    samples: [
      {
        text: "SDKError:\\n StatusCode: 403\\n Code: MagpieBridgeSlrNotExist\\n Message: code: 403, AliyunServiceRoleForHbrMagpieBridge doesn't exist, please create this role. ",
        source: CLIENT,
      },
    ],
  },
  {
    id: 'ack-hbr-token-missing',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /couldn't find key HBR_TOKEN/i,
    confidence: 0.95,
    title: { en: 'The Cloud Backup client cannot start: its HBR_TOKEN is missing', ja: 'HBR_TOKEN がなく、Cloud Backup クライアントが起動できない' },
    cause: { en: 'The token the Cloud Backup client (hbr-client) needs is missing, so it cannot start and the task stays InProgress.', ja: 'Cloud Backup クライアント (hbr-client) に必要なトークンがないため起動できず、タスクが InProgress のままになります。' },
    remedy: {
      en: 'Find the node of the hbr-client pod and set its csdr.alibabacloud.com/agent-enable label to false; the token is created again on the next backup or restore. Do not copy the token from another cluster.',
      ja: 'hbr-client Pod が配置されているノードを照会し、ノードのラベル csdr.alibabacloud.com/agent-enable を false に変更します。次のバックアップまたは復元でトークンが自動的に作成されます。別のクラスターからトークンをコピーしないでください。',
    },
    commands: [
      { command: 'kubectl get pod <hbr-client-***> -n csdr -owide', source: `${IN_PROGRESS} 原因 1 (HBR), step 3.1` },
      { command: 'kubectl label node <node-name> csdr.alibabacloud.com/agent-enable=false --overwrite', source: `${IN_PROGRESS} 原因 1 (HBR), step 3.2` },
    ],
    docs: ACK_DOCS,
    cites: `${IN_PROGRESS} 原因 1`,
    covers: ["couldn't find key HBR_TOKEN"],
    samples: [{ text: "couldn't find key HBR_TOKEN", source: JSON_FILE }],
  },
  {
    id: 'ack-task-stuck-in-progress',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\bremains in the InProgress state\b/i,
    confidence: 0.7,
    title: { en: 'The task stays InProgress: the csdr components, snapshot permissions or the volume type', ja: 'タスクが InProgress のまま: csdr コンポーネント、スナップショット権限、またはボリュームタイプ' },
    cause: {
      en: 'Cause 1: the csdr components are abnormal (OOM, or Cloud Backup permissions missing). Cause 2: disk snapshot permissions are not configured, so VolumeSnapshots never become READYTOUSE. Cause 3: a non-disk volume is restored across regions.',
      ja: '原因 1: csdr 名前空間のコンポーネントが異常 (OOM、Cloud Backup 権限の不足)。原因 2: ディスクスナップショットの権限が構成されておらず、volumesnapshot の READYTOUSE が false のまま。原因 3: ディスク以外のボリュームをリージョン間で復元している。',
    },
    remedy: {
      en: 'Check the csdr pods and why they restart; check the VolumeSnapshots and the CSI provisioner; enable ECS snapshots in the region and grant the snapshot permissions.',
      ja: 'csdr の Pod と再起動の理由を確認し、volumesnapshot と CSI プロビジョナーを確認します。リージョンで ECS スナップショットを有効にし、スナップショット権限を付与します。',
    },
    commands: [
      CSDR_PODS,
      CSDR_POD_DESCRIBE,
      { command: 'kubectl get volumesnapshot -n <backup-namespace>', source: `${IN_PROGRESS} 原因 2` },
      { command: 'kubectl -nkube-system get pod -l app=csi-provisioner', source: `${IN_PROGRESS} 原因 2, step 2` },
    ],
    docs: ACK_DOCS,
    cites: IN_PROGRESS,
    covers: ['Task remains in the InProgress state for a long period of time'],
    samples: [{ text: 'Task remains in the InProgress state for a long period of time', source: JSON_FILE }],
  },
  {
    id: 'ack-backup-exists-in-bucket',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bbackup already exists in OSS bucket\b/i,
    confidence: 0.9,
    title: { en: 'A backup with the same name is already in the vault\'s OSS bucket', ja: 'バックアップボールトの OSS バケットに同じ名前のバックアップが既にある' },
    cause: {
      en: 'The OSS bucket of the backup vault already holds a backup with this name, though the cluster may not show it (unsynced, labelled for deletion by another cluster, or the vault is not initialised here).',
      ja: 'バックアップボールトに関連付けられている OSS バケットに同じ名前のバックアップが保存されています (同期されていない、他のクラスターで削除ラベルが付いた、またはボールトが未初期化のため、現在のクラスターでは表示されない場合があります)。',
    },
    remedy: { en: 'Create a backup vault with a new name.', ja: '新しい名前でバックアップボールトを作成します。' },
    commands: [],
    docs: ACK_DOCS,
    cites: EXISTS,
    covers: ['backup already exists in OSS bucket'],
    samples: [{ text: 'backup already exists in OSS bucket', source: JSON_FILE }],
  },
  {
    id: 'ack-target-namespace-missing',
    source: 'ack',
    category: 'resource-not-found',
    pattern: /\bget target namespace failed\b/i,
    confidence: 0.9,
    title: { en: 'No namespace is left to back up under the plan\'s namespace selection', ja: 'バックアッププランの名前空間の選択では、バックアップする名前空間が残っていない' },
    cause: {
      en: 'Mostly scheduled backups: with Include, every selected namespace was deleted; with Exclude, the selection excludes the cluster\'s namespaces.',
      ja: '多くはスケジュールされたバックアップで発生します。[含める] の場合は選択したすべての名前空間が削除され、[除外] の場合は選択した名前空間がクラスターから除外されています。',
    },
    remedy: { en: 'Change the backup plan\'s namespace selection method and the selected namespaces.', ja: 'バックアッププランを変更して、名前空間の選択方法と選択した名前空間を変更します。' },
    commands: [],
    docs: ACK_DOCS,
    cites: NAMESPACE,
    covers: ['get target namespace failed'],
    samples: [{ text: 'get target namespace failed', source: JSON_FILE }],
  },
  {
    id: 'ack-velero-backup-timeout',
    source: 'ack',
    category: 'completion-window',
    pattern: /\bvelero backup process timeout\b/i,
    confidence: 0.9,
    title: { en: 'The application backup subtask ran past its timeout', ja: 'アプリケーションバックアップのサブタスクがタイムアウトした' },
    cause: {
      en: 'Cause 1: the application backup subtask timed out (60 minutes by default since migrate-controller 1.7.7; its length depends on the number of resources and the API server\'s latency). Cause 2: the vault\'s bucket is in the Archive, Cold Archive or Deep Cold Archive class.',
      ja: '原因 1: アプリケーションバックアップのサブタスクがタイムアウトしました (migrate-controller 1.7.7 以降のデフォルトは 60 分で、リソース数と API サーバーの応答遅延に依存します)。原因 2: バックアップボールトのバケットのストレージクラスがアーカイブ、コールドアーカイブ、またはディープコールドアーカイブです。',
    },
    remedy: {
      en: 'Add velero_timeout_minutes (in minutes) under applicationBackup in csdr-config, then restart csdr-controller; or change the bucket\'s storage class to Standard.',
      ja: 'csdr-config の applicationBackup に velero_timeout_minutes (分) を追加し、csdr-controller を再起動します。またはバケットのストレージクラスを標準に変更します。',
    },
    commands: [
      { command: 'kubectl edit -n csdr cm csdr-config', source: `${VELERO_TIMEOUT} 解決策 1` },
      { command: 'kubectl -n csdr delete pod -l control-plane=csdr-controller', source: `${VELERO_TIMEOUT} 解決策 1` },
    ],
    docs: ACK_DOCS,
    cites: VELERO_TIMEOUT,
    covers: ['velero backup process timeout'],
    samples: [{ text: 'velero backup process timeout', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-backup-request-failed',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bHBR backup request failed\b/i,
    confidence: 0.85,
    title: { en: 'Cloud Backup refused the volume backup request', ja: 'Cloud Backup がボリュームのバックアップ要求を受け付けなかった' },
    cause: {
      en: 'Cause 1: the cluster\'s storage plug-in is not compatible. Cause 2: Cloud Backup does not back up volumes whose volumeMode is Block. Cause 3: the Cloud Backup client is abnormal, so a file-system volume job times out or fails.',
      ja: '原因 1: クラスターのストレージプラグインに互換性がありません。原因 2: Cloud Backup は volumeMode が Block のボリュームをサポートしていません。原因 3: Cloud Backup クライアントが異常で、ファイルシステムボリュームのジョブがタイムアウトまたは失敗しています。',
    },
    remedy: {
      en: 'For a non-Alibaba CSI plug-in or an uncommon volume type, submit a ticket; for Block volumes use CSI disk snapshots; otherwise read the <backup-name>-hbr job. ' + HBR_JOB_CONSOLE.en,
      ja: 'Alibaba Cloud 以外の CSI や一般的でないボリュームの場合はチケットを送信し、Block モードのボリュームには CSI のディスクスナップショットを使用します。それ以外は <backup-name>-hbr ジョブを確認します。' + HBR_JOB_CONSOLE.ja,
    },
    commands: [],
    docs: ACK_DOCS,
    cites: HBR_REQUEST,
    covers: ['HBR backup request failed'],
    samples: [{ text: 'HBR backup request failed', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-source-not-exist',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\berrMsg SOURCE\\?_NOT\\?_EXIST\b/i,
    confidence: 0.95,
    title: { en: 'Cloud Backup cannot find the volume data under the kubelet root path', ja: 'Cloud Backup が kubelet ルートパスの下でボリュームのデータを見つけられない' },
    cause: {
      en: 'With another vendor\'s CSI or self-managed NFS/Ceph, the backup reads volumes under the default kubelet root /var/lib/kubelet; a changed or symlinked root hides the data. HostPath volumes are not under the kubelet root at all.',
      ja: '他社の CSI や NFS、Ceph などの自己管理ストレージでは、バックアップはデフォルトの kubelet ルートパス /var/lib/kubelet の下のボリュームを読み取ります。ルートパスが変更されているかシンボリックリンクの場合、データにアクセスできません。HostPath はルートパスの下にマウントされません。',
    },
    remedy: {
      en: 'On the node, find the real kubelet root (--root-dir, root-dir in the --config file, ROOT_DIR in /etc/kubernetes/kubelet, or a symlink) and set KUBELET_ROOT_PATH (for example /var/lib/container/kubelet/pods) on csdr/csdr-controller. For HostPath, submit a ticket.',
      ja: 'ノードで実際の kubelet ルートパス (--root-dir、--config ファイルの root-dir、/etc/kubernetes/kubelet の ROOT_DIR、シンボリックリンク) を確認し、csdr/csdr-controller に環境変数 KUBELET_ROOT_PATH (例: /var/lib/container/kubelet/pods) を追加します。HostPath の場合はチケットを送信してください。',
    },
    commands: [
      { command: 'ps -elf | grep kubelet', source: `${SOURCE}, step 1.1` },
      { command: 'ls -al <root-dir>', source: `${SOURCE}, step 2` },
    ],
    docs: ACK_DOCS,
    cites: SOURCE,
    covers: ['hbr task finished with unexpected status: FAILED, errMsg SOURCE_NOT_EXIST'],
    samples: [
      { text: 'hbr task finished with unexpected status: FAILED, errMsg SOURCE_NOT_EXIST', source: JSON_FILE },
      { text: 'hbr task finished with unexpected status: FAILED, errMsg SOURCE\\_NOT\\_EXIST', source: JSON_FILE },
    ],
  },
  {
    id: 'ack-oss-backup-files-failed',
    source: 'ack',
    category: 'iam-permission',
    pattern: /\b(?:check backup files in|upload backup files to|download backup files from) OSS bucket failed\b/i,
    confidence: 0.9,
    title: { en: 'OSS refused the backup files: KMS or read/write permissions, or revoked credentials', ja: 'OSS がバックアップファイルを拒否した: KMS・読み書き権限、または取り消された認証情報' },
    cause: {
      en: 'OSS returned an error while the component checked, uploaded or downloaded backup files. Cause 1: the bucket is encrypted but the KMS permissions are not granted. Cause 2: read/write permissions are missing on an ACK dedicated or registered cluster. Cause 3: the RAM user\'s credentials used there were revoked.',
      ja: 'コンポーネントが OSS バケットのバックアップファイルをチェック、アップロード、ダウンロードするときに OSS がエラーを返しました。原因 1: バケットでデータ暗号化が有効だが KMS 権限がない。原因 2: ACK 専用クラスターまたは登録済みクラスターで読み書き権限が不足している。原因 3: 権限設定に使用した RAM ユーザーの認証情報が取り消された。',
    },
    remedy: {
      en: 'Grant the KMS permissions (kms:List*, kms:DescribeKey, kms:GenerateDataKey, kms:Decrypt) for the bucket\'s key; fix the RAM policy; or renew the credentials in the alibaba-addon-secret Secret in csdr and restart migrate-controller.',
      ja: 'バケットのキーに対する KMS 権限 (kms:List*、kms:DescribeKey、kms:GenerateDataKey、kms:Decrypt) を付与するか、RAM ポリシーを修正するか、csdr の Secret alibaba-addon-secret の認証情報を更新して migrate-controller を再起動します。',
    },
    commands: [{ command: 'kubectl -nkube-system delete pod -lapp=migrate-controller', source: JSON_FILE }],
    docs: ACK_DOCS,
    cites: `${OSS_FILES}; ${JSON_FILE}`,
    covers: ['upload backup files to OSS bucket failed'],
    samples: [
      { text: 'upload backup files to OSS bucket failed', source: JSON_FILE },
      { text: 'check backup files in OSS bucket failed', source: JSON_FILE },
      { text: 'download backup files from OSS bucket failed', source: JSON_FILE },
    ],
  },
  {
    id: 'ack-velero-partially-completed',
    source: 'ack',
    category: 'resource-state',
    pattern: /\bPROCESS velero partially completed\b/i,
    confidence: 0.9,
    title: { en: 'Velero could not back up some of the cluster resources', ja: 'velero が一部のクラスターリソースをバックアップできなかった' },
    cause: { en: 'Backing up the applications (the cluster\'s resources) with velero, the component failed on some resources.', ja: 'velero コンポーネントでアプリケーション (クラスター内のリソース) をバックアップした際、一部のリソースのバックアップに失敗しました。' },
    remedy: {
      en: 'Find the failed resources and why in the Errors and Warnings of the velero backup description; if the cause is not shown, read the backup logs.',
      ja: 'velero のバックアップの詳細の Errors と Warnings から失敗したリソースと原因を特定して修正します。原因が表示されない場合は、バックアップのログを確認します。',
    },
    commands: [
      VELERO_DESCRIBE_BACKUP,
      {
        command: "kubectl -n csdr exec -it $(kubectl -n csdr get pod -l component=csdr | tail -n 1 | cut -d ' ' -f1) -- ./velero backup logs <backup-name>",
        source: VELERO_PARTIAL,
      },
    ],
    docs: ACK_DOCS,
    cites: VELERO_PARTIAL,
    covers: ['PROCESS velero partially completed'],
    samples: [{ text: 'PROCESS velero partially completed', source: JSON_FILE }],
  },
  {
    id: 'ack-hbr-partially-completed',
    source: 'ack',
    category: 'resource-state',
    pattern: /\bPROCESS hbr partially completed\b/i,
    confidence: 0.9,
    title: { en: 'Cloud Backup could not back up some file-system volumes', ja: 'Cloud Backup が一部のファイルシステムボリュームをバックアップできなかった' },
    cause: {
      en: 'Cause 1: the storage plug-in of some volumes is not supported. Cause 2: Cloud Backup does not guarantee consistency; files deleted during the backup can make it fail.',
      ja: '原因 1: 一部のボリュームのストレージプラグインがサポートされていません。原因 2: Cloud Backup はデータ整合性を保証しないため、バックアップ中にファイルが削除されると失敗する可能性があります。',
    },
    remedy: HBR_JOB_CONSOLE,
    commands: [],
    docs: ACK_DOCS,
    cites: HBR_PARTIAL,
    covers: ['PROCESS hbr partially completed'],
    samples: [{ text: 'PROCESS hbr partially completed', source: JSON_FILE }],
  },
  {
    id: 'ack-convert-storageclass-missing',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bstorageclass [\w.-]{1,253} not exists\b/i,
    confidence: 0.9,
    title: { en: 'The target storage class of the conversion does not exist in the cluster', ja: '変換先のストレージクラスがクラスターに存在しない' },
    cause: { en: 'The target storage class chosen for StorageClass conversion does not exist in the current cluster.', ja: 'ストレージクラス変換用に選択したターゲットストレージクラスが現在のクラスターに存在しません。' },
    remedy: {
      en: 'Reset the conversion with a DeleteRequest, create the storage class in the cluster, then run the restore again with StorageClass conversion.',
      ja: 'DeleteRequest でストレージクラス変換タスクをリセットし、目的のストレージクラスを作成してから、ストレージクラス変換を構成して復元ジョブを再度実行します。',
    },
    commands: [RESET_CONVERT],
    docs: ACK_DOCS,
    cites: SC_MISSING,
    covers: ['storageclass xxx not exists'],
    samples: [{ text: 'storageclass xxx not exists', source: JSON_FILE }],
  },
  {
    id: 'ack-convert-provisioner-unsupported',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bonly support convert to storageclass with CSI diskplugin or nasplugin provisioner\b/i,
    confidence: 0.95,
    title: { en: 'The target storage class is not an Alibaba Cloud CSI disk or NAS class', ja: '変換先のストレージクラスが Alibaba Cloud CSI のディスクまたは NAS ではない' },
    cause: { en: 'The target storage class chosen for StorageClass conversion is not an Alibaba Cloud CSI disk or NAS volume class.', ja: 'ストレージクラス変換用に選択したターゲットストレージクラスは、Alibaba Cloud CSI ディスクボリュームまたは NAS ボリュームではありません。' },
    remedy: {
      en: 'Only disk, NAS and OSS are supported by default (ask support for others); for OSS-like storage create a statically provisioned PV and PVC and restore without conversion.',
      ja: 'デフォルトではディスク、NAS、OSS のみがサポートされます (その他はサポートに問い合わせ)。OSS などの場合は静的にプロビジョニングされた PV と PVC を作成し、ストレージクラス変換なしで復元します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: SC_PROVISIONER,
    covers: ['only support convert to storageclass with CSI diskplugin or nasplugin provisioner'],
    samples: [{ text: 'only support convert to storageclass with CSI diskplugin or nasplugin provisioner', source: JSON_FILE }],
  },
  {
    id: 'ack-convert-multi-zone-immediate',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bcurrent cluster is multi-zoned\b/i,
    confidence: 0.9,
    title: { en: 'Converting to a disk class with Immediate binding in a multi-zone cluster', ja: 'マルチゾーンクラスターで volumeBindingMode が Immediate のディスククラスに変換しようとしている' },
    cause: {
      en: 'The cluster spans zones and the target disk storage class binds Immediately, so pods could be scheduled away from their disks and stay Pending.',
      ja: '現在のクラスターはマルチゾーンクラスターで、変換先のディスクストレージクラスの volumeBindingMode が Immediate のため、Pod が Pending のままになるおそれがあります。',
    },
    remedy: {
      en: 'Reset the conversion with a DeleteRequest; convert to alicloud-disk (console) or alicloud-disk-topology-alltype (command line), or a class with WaitForFirstConsumer; run the restore again.',
      ja: 'DeleteRequest で変換タスクをリセットし、コンソールでは [alicloud-disk]、コマンドラインでは alicloud-disk-topology-alltype (または WaitForFirstConsumer のクラス) を選択して、復元ジョブを再度実行します。',
    },
    commands: [{ ...RESET_CONVERT, source: `${MULTI_ZONE}, step 1` }],
    docs: ACK_DOCS,
    cites: MULTI_ZONE,
    covers: ['current cluster is multi-zoned'],
    samples: [{ text: 'current cluster is multi-zoned', source: JSON_FILE }],
  },
  {
    id: 'ack-multi-node-writing-block-only',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\bmulti-node writing is only supported for block volume\b/i,
    confidence: 0.95,
    title: { en: 'A ReadWriteMany / ReadOnlyMany volume is being restored as a disk', ja: 'ReadWriteMany / ReadOnlyMany のボリュームをディスクとして復元しようとしている' },
    cause: {
      en: 'CSI forbids ReadWriteMany and ReadOnlyMany for disk volumes; the backed-up volume has one of them and is restored as a disk (old CSI or FlexVolume in the backup cluster, a custom storage class missing in the restore cluster, or a conversion to disk).',
      ja: 'CSI はディスクボリュームの ReadWriteMany / ReadOnlyMany を禁止しています。バックアップしたボリュームがこれらの AccessMode で、ディスクとして復元されています (バックアップクラスターの古い CSI や FlexVolume、復元クラスターにカスタムストレージクラスがない、ディスクへの変換)。',
    },
    remedy: {
      en: 'Upgrade the Backup Center component (v1.8.4+ converts disk AccessModes to ReadWriteOnce), create the same storage class in the restore cluster or use conversion, or set convertToAccessModes to ReadWriteOnce.',
      ja: 'バックアップセンターコンポーネントをアップグレードする (v1.8.4 以降はディスクの AccessModes を ReadWriteOnce に自動変換)、復元クラスターに同名のストレージクラスを作成するか変換を使う、または convertToAccessModes を ReadWriteOnce に設定します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: MULTI_NODE,
    covers: ['multi-node writing is only supported for block volume. For Kubernetes users, if unsure, use ReadWriteOnce access mode in PersistentVolumeClaim for disk volume'],
    samples: [
      {
        text: 'multi-node writing is only supported for block volume. For Kubernetes users, if unsure, use ReadWriteOnce access mode in PersistentVolumeClaim for disk volume',
        source: JSON_FILE,
      },
    ],
  },
  {
    id: 'ack-cross-region-disk-only',
    source: 'ack',
    category: 'cross-account-copy',
    pattern: /\bonly disk type PVs support cross-region restore in current version\b/i,
    confidence: 0.95,
    title: { en: 'Only disk volumes can be restored across regions', ja: 'リージョン間で復元できるのはディスクボリュームのみ' },
    cause: {
      en: 'Since migrate-controller 1.7.7, backups of disk volumes can be restored across regions; backups of other volume types cannot.',
      ja: 'migrate-controller 1.7.7 以降では、ディスクボリュームのバックアップはリージョン間で復元できますが、他のボリュームタイプのバックアップはできません。',
    },
    remedy: {
      en: 'For storage reachable over the internet such as OSS, create a statically provisioned PV and PVC, then restore the application.',
      ja: 'OSS などのインターネットアクセスをサポートするストレージでは、静的にプロビジョニングされた PV と PVC を作成してからアプリケーションを復元します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: DISK_ONLY,
    covers: ['only disk type PVs support cross-region restore in current version'],
    samples: [{ text: 'only disk type PVs support cross-region restore in current version', source: JSON_FILE }],
  },
  {
    id: 'ack-ecs-snapshot-cross-region-denied',
    source: 'ack',
    category: 'iam-permission',
    pattern: /\b(?:ECS )?snapshot cross region request failed\b/i,
    confidence: 0.9,
    title: { en: 'The cross-region restore cannot use ECS disk snapshots: permission not granted', ja: 'リージョン間の復元で ECS ディスクスナップショットを使用する権限がない' },
    cause: {
      en: 'Since migrate-controller 1.7.7, disk volume backups can be restored across regions, but the permissions to use ECS disk snapshots are not granted.',
      ja: 'migrate-controller 1.7.7 以降ではディスクボリュームのバックアップをリージョン間で復元できますが、ECS ディスクスナップショットを使用する権限が付与されていません。',
    },
    remedy: {
      en: 'On an ACK dedicated cluster, or a registered cluster on ECS instances, grant the ECS disk snapshot permissions; read the restore\'s events for the full message.',
      ja: 'ACK 専用クラスター、または ECS 上の自己管理クラスターに接続された登録済みクラスターでは、ECS ディスクスナップショットの権限を付与します。詳細なメッセージは復元ジョブのイベントで確認します。',
    },
    commands: [{ command: 'kubectl -n csdr describe applicationrestore <restore-name>', source: GET_MESSAGES }],
    docs: ACK_DOCS,
    cites: `${ECS_CROSS}; ${GET_MESSAGES}`,
    covers: ['ECS snapshot cross region request failed', 'RestoreError: snapshot cross region request failed'],
    samples: [
      { text: 'ECS snapshot cross region request failed', source: JSON_FILE },
      { text: 'RestoreError: snapshot cross region request failed', source: GET_MESSAGES },
    ],
  },
  {
    id: 'ack-pvc-access-mode-unsupported',
    source: 'ack',
    category: 'invalid-configuration',
    pattern: /\baccessMode of PVC [\w./-]{1,253} is [\w,\[\] -]{1,80}/i,
    confidence: 0.9,
    title: { en: 'The disk volume to restore is ReadOnlyMany or ReadWriteMany', ja: '復元するディスクボリュームの AccessMode が ReadOnlyMany または ReadWriteMany' },
    cause: {
      en: 'The disk volume to restore has AccessMode ReadOnlyMany or ReadWriteMany; with the current CSI only multiAttach volumes mount on several instances, and Filesystem-mode volumes only read-only.',
      ja: '復元するディスクボリュームの AccessMode が ReadOnlyMany または ReadWriteMany です。現在の CSI では multiAttach が有効なボリュームのみ複数インスタンスにマウントでき、Filesystem モードは読み取り専用のみです。',
    },
    remedy: {
      en: 'For shared data, convert to a volume that supports several mounts (for example alibabacloud-cnfs-nas) in a new restore; if the backed-up PV came from an old CSI without AccessMode checks, move the workload to dynamically provisioned disk volumes.',
      ja: '共有データの場合は、新しい復元ジョブで複数マウント対応のボリューム (alibabacloud-cnfs-nas など) に変換します。AccessMode 検出のない古い CSI でバックアップした場合は、動的にプロビジョニングされたディスクボリュームに移行します。',
    },
    commands: [],
    docs: ACK_DOCS,
    cites: ACCESS_MODE,
    covers: ['accessMode of PVC xxx is xxx'],
    samples: [{ text: 'accessMode of PVC xxx is xxx', source: JSON_FILE }],
  },
  {
    id: 'ack-ecs-snapshot-ram-policy-missing',
    source: 'ack',
    category: 'iam-permission',
    pattern: /\bthe ECS-snapshot related ram policy is missing\b/i,
    confidence: 0.95,
    title: { en: 'The ECS snapshot RAM policy is missing', ja: 'ECS スナップショットの RAM ポリシーがない' },
    cause: { en: 'The restore could not use ECS snapshots: the RAM policy for ECS snapshots is missing.', ja: '復元で ECS スナップショットを使用できませんでした。ECS スナップショットの RAM ポリシーがありません。' },
    remedy: SNAPSHOT_PERMISSIONS,
    commands: [{ command: 'kubectl -n csdr describe applicationrestore <restore-name>', source: GET_MESSAGES }],
    docs: ACK_DOCS,
    cites: `${GET_MESSAGES}; ${IN_PROGRESS} 原因 2`,
    covers: ['RestoreError: process advancedvolumesnapshot failed avs: snapshot-hz, err: transition canceled with error: the ECS-snapshot related ram policy is missing'],
    samples: [
      {
        text: 'RestoreError: process advancedvolumesnapshot failed avs: snapshot-hz, err: transition canceled with error: the ECS-snapshot related ram policy is missing',
        source: GET_MESSAGES,
      },
    ],
  },
  {
    id: 'ack-restore-resources-missing',
    source: 'ack',
    category: 'resource-state',
    pattern: /\bsome resources are not created in the restore cluster\b/i,
    confidence: 0.7,
    title: { en: 'The restore completed but some resources are missing in the restore cluster', ja: '復元は完了したが、一部のリソースが復元クラスターに作成されていない' },
    cause: {
      en: 'Cause 1: they were not backed up. Cause 2: the restore configuration excluded them. Cause 3: the application restore subtask partly failed. Cause 4: they were restored, then removed by ownerReferences or business logic.',
      ja: '原因 1: リソースがバックアップされていなかった。原因 2: 復元の構成で除外された。原因 3: アプリケーション復元サブタスクが部分的に失敗した。原因 4: 復元後に ownerReferences などのためにリサイクルされた。',
    },
    remedy: {
      en: 'Check the backup\'s details, then the restore\'s Errors and Warnings, and the audit log of the resources.',
      ja: 'バックアップの詳細を確認し、復元の Errors と Warnings、リソースの監査ログを確認します。',
    },
    commands: [
      { ...VELERO_DESCRIBE_BACKUP, command: `${VELERO_DESCRIBE_BACKUP.command} --details`, source: `${COMPLETED_MISSING} 解決策 1` },
      {
        command: "kubectl -n csdr exec -it $(kubectl -n csdr get pod -l component=csdr | tail -n 1 | cut -d ' ' -f1) -- ./velero describe restore <restore-name>",
        source: `${COMPLETED_MISSING} 解決策 3`,
      },
    ],
    docs: ACK_DOCS,
    cites: COMPLETED_MISSING,
    covers: ['Restore job Completed but some resources are not created in the restore cluster'],
    samples: [{ text: 'Restore job Completed but some resources are not created in the restore cluster', source: JSON_FILE }],
  },
  {
    id: 'ack-migrate-controller-crashloop',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\bmigrate-controller\b[^\n]{0,120}?\b(?:CrashLoopBackOff|keeps restarting|Back-off restarting failed container)/i,
    confidence: 0.85,
    title: { en: 'migrate-controller keeps restarting: FlexVolume or missing permissions', ja: 'migrate-controller が再起動を繰り返す: FlexVolume または権限不足' },
    cause: {
      en: 'Typically the cluster uses FlexVolume, which migrate-controller does not support, or the registered cluster lacks the required permissions.',
      ja: '多くの場合、クラスターが migrate-controller のサポートしない FlexVolume を使用しているか、登録済みクラスターに必要な権限がありません。',
    },
    remedy: { en: 'Migrate from FlexVolume to CSI, or grant the registered cluster the required permissions.', ja: 'FlexVolume から CSI に移行するか、登録済みクラスターに必要な権限を付与します。' },
    commands: [],
    docs: ACK_MONITOR_DOCS,
    cites: `${FLEXVOLUME}; ${JSON_FILE}`,
    covers: ['migrate-controller CrashLoopBackOff / keeps restarting (cluster fails the precheck)'],
    samples: [{ text: 'migrate-controller CrashLoopBackOff / keeps restarting (cluster fails the precheck)', source: JSON_FILE }],
  },
  {
    id: 'ack-backuplocation-unavailable',
    source: 'ack',
    category: 'network',
    pattern: /\bbackuplocation\b[^\n]{0,120}?\bphase:? "?Unavailable\b/i,
    confidence: 0.8,
    title: { en: 'The backup vault is disconnected from its OSS bucket', ja: 'バックアップボールトが OSS バケットから切断されている' },
    cause: { en: 'The backuplocation is Unavailable: the backup vault is disconnected from the OSS bucket, which backup tasks cannot use.', ja: 'backuplocation が Unavailable です。バックアップボールトが OSS バケットから切断され、バックアップタスクで使用できません。' },
    remedy: {
      en: 'Describe the backuplocation and follow the "VaultError" remedy: the bucket exists, the cluster may access it, and the network (internal or public) reaches it.',
      ja: 'backuplocation の詳細を確認し、「VaultError」の解決策 (バケットの存在、クラスターの権限、internal / public のネットワーク) に従います。',
    },
    commands: [
      { command: 'kubectl -n csdr describe backuplocation <backuplocation-name>', source: `${ACK_MONITOR_DOCS} (${JSON_FILE})` },
      { command: 'kubectl get backuplocation <backuplocation-name> -n csdr -o yaml | grep network', source: `${VAULT}, step 3` },
    ],
    docs: ACK_MONITOR_DOCS,
    cites: `${JSON_FILE}; ${VAULT}`,
    covers: ['backuplocation phase Unavailable'],
    samples: [{ text: 'backuplocation phase Unavailable', source: JSON_FILE }],
  },
  {
    id: 'ack-agent-pod-unschedulable',
    source: 'ack',
    category: 'agent-unhealthy',
    pattern: /\b\d{1,6}\/\d{1,6} nodes are available: [^\n]{0,400}?\bInsufficient (?:cpu|memory)\b/i,
    confidence: 0.85,
    title: { en: 'A Backup Center pod cannot be scheduled: the nodes lack CPU or memory', ja: 'バックアップセンターの Pod をスケジュールできない: ノードの CPU またはメモリが不足している' },
    cause: {
      en: 'The scheduler cannot place a csdr pod (csdr-controller, csdr-velero or hbr-client) for lack of CPU or memory, so the component cannot run tasks.',
      ja: 'CPU またはメモリが不足しているため、csdr の Pod (csdr-controller、csdr-velero、hbr-client) をスケジュールできず、コンポーネントがタスクを実行できません。',
    },
    remedy: {
      en: 'Check why the csdr deployments fail for resource or scheduling limits and fix them (add nodes, or lower other workloads), then check the csdr pods again.',
      ja: 'csdr のデプロイメントがリソースまたはスケジューリングの制限で失敗している理由を確認して解決し (ノードの追加など)、csdr の Pod を再度確認します。',
    },
    commands: [CSDR_PODS, CSDR_POD_DESCRIBE],
    docs: ACK_DOCS,
    cites: `${COMPONENT}; multicloud/k8s-event-examples/kubernetes-event-exporter-EnhancedEvent-Warning-FailedScheduling.json`,
    covers: [],
    samples: [{ text: '0/5 nodes are available: 5 Insufficient cpu.', source: 'multicloud/k8s-event-examples/kubernetes-event-exporter-EnhancedEvent-Warning-FailedScheduling.json' }],
  },
];
