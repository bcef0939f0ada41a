import { Button, type ButtonProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';

/** The primary "New …" button of a list page's toolbar (a modal form's trigger). */
export function CreateButton(props: ButtonProps) {
  return <Button type="primary" icon={<PlusOutlined />} {...props} />;
}
